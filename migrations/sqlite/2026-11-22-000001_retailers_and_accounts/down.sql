DROP INDEX refresh_tokens_family;
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TABLE retailers;

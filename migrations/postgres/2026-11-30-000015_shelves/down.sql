DROP TABLE shelf_products;
DROP TABLE shelves;

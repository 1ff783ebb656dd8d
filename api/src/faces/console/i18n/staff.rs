//! The staff pages' strings: the retailer's staff list, invitations, deactivation and
//! password reset links, and the pages a colleague opens from a link.
use crate::app::pages::i18n::Lang;

/// Every fixed text of these pages, in one language.
#[derive(Debug)]
pub struct StaffStrings {
    /// Title of the staff page.
    pub title: &'static str,
    /// Notice for those who may not manage staff.
    pub read_only: &'static str,
    /// Column and label: name.
    pub name: &'static str,
    /// Column and label: email.
    pub email: &'static str,
    /// Column and label: role.
    pub role: &'static str,
    /// Column: active or not.
    pub status: &'static str,
    /// Column: the buttons of a row.
    pub actions: &'static str,
    /// The retailer admin role.
    pub role_admin: &'static str,
    /// The operator role.
    pub role_operator: &'static str,
    /// An active account.
    pub active: &'static str,
    /// A deactivated account.
    pub inactive: &'static str,
    /// Marks one's own row.
    pub you: &'static str,
    /// Button that deactivates.
    pub deactivate: &'static str,
    /// Button that reactivates.
    pub reactivate: &'static str,
    /// Button that makes a password reset link.
    pub reset: &'static str,
    /// No staff yet.
    pub no_staff: &'static str,
    /// Heading of the invitation form.
    pub invite_heading: &'static str,
    /// Button that makes an invitation.
    pub invite_button: &'static str,
    /// Heading above a new invitation link.
    pub invite_link_heading: &'static str,
    /// How to use an invitation link.
    pub invite_link_hint: &'static str,
    /// Heading above a new reset link.
    pub reset_link_heading: &'static str,
    /// How to use a reset link.
    pub reset_link_hint: &'static str,
    /// Label before the email a link is for.
    pub link_for: &'static str,
    /// Label before a link's expiry.
    pub expires: &'static str,
    /// Summary above a form with errors.
    pub not_done: &'static str,
    /// A bad email.
    pub err_email: &'static str,
    /// A bad role.
    pub err_role: &'static str,
    /// The email has an account.
    pub err_email_taken: &'static str,
    /// Deactivating oneself.
    pub err_self: &'static str,
    /// Deactivating the last admin.
    pub err_last_admin: &'static str,
    /// Notice after a deactivation.
    pub deactivated: &'static str,
    /// Notice after a reactivation.
    pub reactivated: &'static str,
    /// Title of the invitation page.
    pub accept_title: &'static str,
    /// Line under it, before the retailer's name.
    pub accept_intro: &'static str,
    /// Hint under a new password.
    pub password_hint: &'static str,
    /// Button that creates the account.
    pub accept_button: &'static str,
    /// A bad name.
    pub err_name: &'static str,
    /// A bad password.
    pub err_password: &'static str,
    /// Title of the reset page.
    pub reset_title: &'static str,
    /// Label of the new password.
    pub new_password: &'static str,
    /// Button that sets the password.
    pub reset_button: &'static str,
    /// After a reset.
    pub reset_done: &'static str,
    /// Link to sign in.
    pub signin_link: &'static str,
    /// Title of a spent or expired link.
    pub link_gone_title: &'static str,
    /// Body of a spent or expired link.
    pub link_gone_body: &'static str,
    /// Title of an unknown link.
    pub link_unknown_title: &'static str,
}

static EN: StaffStrings = StaffStrings {
    title: "Staff",
    read_only: "Only retailer admins manage staff.",
    name: "Name",
    email: "Email",
    role: "Role",
    status: "Status",
    actions: "Actions",
    role_admin: "Retailer admin",
    role_operator: "Operator",
    active: "Active",
    inactive: "Deactivated",
    you: "(you)",
    deactivate: "Deactivate",
    reactivate: "Reactivate",
    reset: "Password reset link",
    no_staff: "No staff yet.",
    invite_heading: "Invite a colleague",
    invite_button: "Create invitation link",
    invite_link_heading: "Invitation link",
    invite_link_hint: "We email this link to your colleague when email is set up; you can also copy it and send it yourself. It works once, within 7 days.",
    reset_link_heading: "Password reset link",
    reset_link_hint: "We email this link to your colleague when email is set up; you can also copy it and send it yourself. It works once, within 24 hours; setting the password signs them out everywhere.",
    link_for: "For",
    expires: "Expires",
    not_done: "Nothing was changed. Check the marked field.",
    err_email: "Enter an email address, like name@example.com.",
    err_role: "Choose retailer admin or operator.",
    err_email_taken: "An account with this email already exists.",
    err_self: "You cannot deactivate your own account.",
    err_last_admin: "This is the retailer's last active admin; it cannot be deactivated.",
    deactivated: "The account was deactivated and signed out everywhere.",
    reactivated: "The account was reactivated.",
    accept_title: "Join the console",
    accept_intro: "You were invited to the staff of",
    password_hint: "At least 8 characters.",
    accept_button: "Create my account",
    err_name: "Enter your name (1 to 200 characters).",
    err_password: "Use at least 8 characters.",
    reset_title: "Set a new password",
    new_password: "New password",
    reset_button: "Save the new password",
    reset_done: "Your password was changed and every session signed out. Sign in with the new password.",
    signin_link: "Sign in",
    link_gone_title: "This link no longer works",
    link_gone_body: "It expired or was already used. Ask an admin of your retailer for a new one.",
    link_unknown_title: "This link does not exist",
};

static KO: StaffStrings = StaffStrings {
    title: "직원",
    read_only: "직원 관리는 판매사 관리자만 할 수 있습니다.",
    name: "이름",
    email: "이메일",
    role: "역할",
    status: "상태",
    actions: "작업",
    role_admin: "판매사 관리자",
    role_operator: "운영자",
    active: "활성",
    inactive: "비활성",
    you: "(나)",
    deactivate: "비활성화",
    reactivate: "다시 활성화",
    reset: "비밀번호 재설정 링크",
    no_staff: "아직 직원이 없습니다.",
    invite_heading: "동료 초대",
    invite_button: "초대 링크 만들기",
    invite_link_heading: "초대 링크",
    invite_link_hint: "이메일이 설정되어 있으면 이 링크를 동료에게 이메일로 보내 드립니다. 복사해서 직접 보내셔도 됩니다. 7일 동안 한 번만 사용할 수 있습니다.",
    reset_link_heading: "비밀번호 재설정 링크",
    reset_link_hint: "이메일이 설정되어 있으면 이 링크를 동료에게 이메일로 보내 드립니다. 복사해서 직접 보내셔도 됩니다. 24시간 동안 한 번만 사용할 수 있으며, 비밀번호를 바꾸면 모든 기기에서 로그아웃됩니다.",
    link_for: "대상",
    expires: "만료",
    not_done: "변경되지 않았습니다. 표시된 항목을 확인해 주세요.",
    err_email: "name@example.com 같은 이메일 주소를 입력해 주세요.",
    err_role: "판매사 관리자 또는 운영자를 선택해 주세요.",
    err_email_taken: "이 이메일로 된 계정이 이미 있습니다.",
    err_self: "자신의 계정은 비활성화할 수 없습니다.",
    err_last_admin: "판매사의 마지막 활성 관리자는 비활성화할 수 없습니다.",
    deactivated: "계정을 비활성화하고 모든 기기에서 로그아웃했습니다.",
    reactivated: "계정을 다시 활성화했습니다.",
    accept_title: "콘솔 가입",
    accept_intro: "초대받은 판매사:",
    password_hint: "8자 이상 입력해 주세요.",
    accept_button: "계정 만들기",
    err_name: "이름을 입력해 주세요 (1~200자).",
    err_password: "8자 이상으로 입력해 주세요.",
    reset_title: "새 비밀번호 설정",
    new_password: "새 비밀번호",
    reset_button: "새 비밀번호 저장",
    reset_done: "비밀번호가 변경되었고 모든 세션이 로그아웃되었습니다. 새 비밀번호로 로그인해 주세요.",
    signin_link: "로그인",
    link_gone_title: "더 이상 사용할 수 없는 링크입니다",
    link_gone_body: "만료되었거나 이미 사용된 링크입니다. 판매사 관리자에게 새 링크를 요청해 주세요.",
    link_unknown_title: "존재하지 않는 링크입니다",
};

/// The strings in `lang`.
pub fn strings(lang: Lang) -> &'static StaffStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}

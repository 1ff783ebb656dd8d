//! The shelves pages' strings: the list of a retailer's shelves for bloggers, the form
//! that makes or changes one, its embed code and its deletion.
use crate::app::pages::i18n::Lang;

/// Every fixed text of the shelves pages, in one language.
#[derive(Debug)]
pub struct ShelvesStrings {
    /// Title of the list page.
    pub title: &'static str,
    /// What shelves are for.
    pub intro: &'static str,
    /// Notice for those who may not make or change shelves.
    pub read_only: &'static str,
    /// Heading of the list.
    pub list_heading: &'static str,
    /// No shelves made yet.
    pub none_yet: &'static str,
    /// Column of the shelf names.
    pub col_name: &'static str,
    /// Column of the number of products on a shelf.
    pub col_products: &'static str,
    /// Column of the links to the embed.
    pub col_preview: &'static str,
    /// Link that opens a shelf's embed.
    pub preview: &'static str,
    /// Read after a link that opens in a new tab.
    pub new_tab: &'static str,
    /// Heading of the form that makes a shelf.
    pub new_heading: &'static str,
    /// Label of the name field.
    pub name_label: &'static str,
    /// Legend of the products' fieldset.
    pub products_legend: &'static str,
    /// How to choose products and their order.
    pub products_hint: &'static str,
    /// After a product that is not on sale.
    pub inactive: &'static str,
    /// The catalogue is empty (or nothing matches the search).
    pub no_products: &'static str,
    /// Which products the chooser lists, and how to find others.
    pub listed_hint: &'static str,
    /// Button that makes a shelf.
    pub create_button: &'static str,
    /// Heading of the edit form.
    pub edit_heading: &'static str,
    /// Button that saves a shelf.
    pub save_button: &'static str,
    /// Heading of the shelf's products, for those who only read.
    pub products_heading: &'static str,
    /// Heading of the embed code.
    pub embed_heading: &'static str,
    /// Label of the `<iframe>` snippet.
    pub snippet_label: &'static str,
    /// Label of the embed URL, for sites that embed by URL.
    pub url_label: &'static str,
    /// Heading of the delete form.
    pub delete_heading: &'static str,
    /// What deleting does.
    pub delete_warning: &'static str,
    /// The confirmation box of the delete form.
    pub confirm: &'static str,
    /// Button that deletes the shelf.
    pub delete_button: &'static str,
    /// Link back to the list.
    pub back: &'static str,
    /// Notice after making a shelf.
    pub created: &'static str,
    /// Notice after saving a shelf.
    pub saved: &'static str,
    /// Notice after deleting a shelf.
    pub deleted: &'static str,
    /// Summary above a form that was refused.
    pub not_done: &'static str,
    /// Error of the name field.
    pub err_name: &'static str,
    /// Error of the products' fieldset.
    pub err_products: &'static str,
    /// Error of a position field.
    pub err_position: &'static str,
    /// Error of the delete form's box when not ticked.
    pub err_confirm: &'static str,
}

/// English.
pub static EN: ShelvesStrings = ShelvesStrings {
    title: "Shelves",
    intro: "A shelf is a set of your products that a blogger shows in a post. Each shelf has \
its own embed code; orders placed through it count under the channel “embed”, with the \
shelf as source.",
    read_only: "Only retailer admins can make, change or delete shelves.",
    list_heading: "Your shelves",
    none_yet: "No shelves yet.",
    col_name: "Name",
    col_products: "Products",
    col_preview: "Embed",
    preview: "Preview",
    new_tab: "(opens in a new tab)",
    new_heading: "New shelf",
    name_label: "Name (for example, the blogger it is for)",
    products_legend: "Products and their order",
    products_hint: "Give each product the shelf shows a position from 1 to 24 (1 comes \
first); leave the others empty.",
    inactive: "not on sale: left out of the embed",
    no_products: "No products to choose from: none match the search, or the catalogue is \
empty.",
    listed_hint: "Up to 200 products are listed by SKU, with those already on the shelf; \
search by name or SKU to find others.",
    create_button: "Make shelf",
    edit_heading: "Name and products",
    save_button: "Save shelf",
    products_heading: "Products on the shelf",
    embed_heading: "Embed code",
    snippet_label: "Paste this into the HTML of the post",
    url_label: "Or paste this address where the blog embeds links (WordPress, Ghost)",
    delete_heading: "Delete this shelf",
    delete_warning: "Posts that embed it will show that the shelf is no longer available.",
    confirm: "Yes, delete this shelf",
    delete_button: "Delete shelf",
    back: "All shelves",
    created: "The shelf was made. Copy its embed code below.",
    saved: "The shelf was saved.",
    deleted: "The shelf was deleted.",
    not_done: "Nothing was saved: see the fields marked below.",
    err_name: "Enter a name of 1 to 80 characters.",
    err_products: "Choose between 1 and 24 products of the catalogue.",
    err_position: "Enter a whole number from 1 to 24, or leave it empty.",
    err_confirm: "Tick the box to confirm the deletion.",
};

/// Korean.
pub static KO: ShelvesStrings = ShelvesStrings {
    title: "선반",
    intro: "선반은 블로거가 글에 보여 주는 상품 묶음입니다. 선반마다 임베드 코드가 있고, \
그것을 통해 들어온 주문은 ‘embed’ 채널에 그 선반을 출처로 집계됩니다.",
    read_only: "선반은 판매자 관리자만 만들고 바꾸고 삭제할 수 있습니다.",
    list_heading: "선반 목록",
    none_yet: "아직 선반이 없습니다.",
    col_name: "이름",
    col_products: "상품 수",
    col_preview: "임베드",
    preview: "미리 보기",
    new_tab: "(새 탭에서 열림)",
    new_heading: "새 선반",
    name_label: "이름 (예: 선반을 쓸 블로거)",
    products_legend: "상품과 순서",
    products_hint: "선반에 보여 줄 상품마다 1부터 24까지의 순서를 적으세요(1이 맨 앞). \
나머지는 비워 두세요.",
    inactive: "판매 중지: 임베드에 나오지 않음",
    no_products: "고를 상품이 없습니다. 검색과 맞는 상품이 없거나 카탈로그가 비어 있습니다.",
    listed_hint: "SKU 순으로 최대 200개 상품과 선반에 이미 있는 상품이 나옵니다. 다른 상품은 \
상품명이나 SKU로 검색하세요.",
    create_button: "선반 만들기",
    edit_heading: "이름과 상품",
    save_button: "선반 저장",
    products_heading: "선반의 상품",
    embed_heading: "임베드 코드",
    snippet_label: "이 코드를 글의 HTML에 붙여 넣으세요",
    url_label: "또는 링크로 임베드하는 블로그(WordPress, Ghost)에는 이 주소를 붙여 넣으세요",
    delete_heading: "선반 삭제",
    delete_warning: "이 선반을 임베드한 글에는 선반을 더 이상 볼 수 없다고 나옵니다.",
    confirm: "네, 이 선반을 삭제합니다",
    delete_button: "선반 삭제",
    back: "모든 선반",
    created: "선반을 만들었습니다. 아래의 임베드 코드를 복사하세요.",
    saved: "선반을 저장했습니다.",
    deleted: "선반을 삭제했습니다.",
    not_done: "저장하지 않았습니다. 아래 표시된 항목을 확인하세요.",
    err_name: "이름을 1자에서 80자 사이로 적어 주세요.",
    err_products: "카탈로그의 상품을 1개에서 24개까지 골라 주세요.",
    err_position: "1부터 24까지의 정수를 적거나 비워 두세요.",
    err_confirm: "삭제하려면 확인란을 선택하세요.",
};

/// The strings of `lang`.
pub fn strings(lang: Lang) -> &'static ShelvesStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}

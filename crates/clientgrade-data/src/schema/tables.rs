//! The columns of each table (key, required, type, header aliases) and their named positions, found by key at compile time.

use super::{col, ColumnSpec, ColumnType};

const CUSTOMER_ID: &[&str] = &[
    "customerid",
    "customer",
    "customerno",
    "customernumber",
    "customercode",
    "custid",
    "clientid",
    "client",
    "accountid",
    "account",
    "kundennr",
    "kundennummer",
    "kunde",
    // last: exports that know their customers only by name or e-mail
    "contactname",
    "contact",
    "email",
    "emailaddress",
    "customeremail",
];

use ColumnType::*;

pub(super) const TRANSACTIONS: &[ColumnSpec] = &[
    col("customer-id", true, Id, CUSTOMER_ID),
    col(
        "date",
        true,
        Date,
        &[
            "date",
            "orderdate",
            "invoicedate",
            "transactiondate",
            "purchasedate",
            "saledate",
            "salesdate",
            "datum",
            "createdat",
            "createddate",
            "created",
            "createdutc",
            "createddateutc",
        ],
    ),
    // required, or `converted-amount`, or `unit-price` (see `map_columns`);
    // a missing value is judged by the source's rules (order_level.rs)
    col(
        "amount",
        false,
        Money,
        &[
            "amount",
            "netamount",
            "net",
            "revenue",
            "netrevenue",
            "sales",
            "netsales",
            "linetotal",
            "totalamount",
            "salesamount",
            "ordervalue",
            "ordertotal",
            "purchaseamount",
            "dollarvalue",
            "spend",
            "total",
            "value",
            "umsatz",
            "betrag",
        ],
    ),
    col(
        "cost",
        false,
        Money,
        &["cost", "cogs", "costofgoods", "costofsales", "costamount"],
    ),
    col(
        "discount",
        false,
        Money,
        &["discount", "discountamount", "rebate", "rabatt"],
    ),
    col(
        "order-id",
        false,
        Text,
        &[
            "orderid",
            "invoiceid",
            "orderno",
            "ordernumber",
            "invoiceno",
            "invoicenumber",
            "order",
            "invoice",
            "transactionid",
            "receiptid",
        ],
    ),
    col(
        "product",
        false,
        Text,
        &[
            "product",
            "productid",
            "sku",
            "item",
            "itemid",
            "stockcode",
            "article",
            "category",
        ],
    ),
    // Roles of exports (rules.rs): a status, refund or currency column
    // found by its name is observed (and warned about), applied only when
    // named in the config or by a preset; the others serve rules that ask for them.
    col(
        "status",
        false,
        Text,
        &[
            "status",
            "orderstatus",
            "financialstatus",
            "paymentstatus",
            "invoicestatus",
        ],
    ),
    col(
        "email",
        false,
        Text,
        &["email", "emailaddress", "customeremail", "billingemail"],
    ),
    col(
        "currency",
        false,
        Text,
        &["currency", "currencycode", "ordercurrency"],
    ),
    col(
        "refund",
        false,
        Money,
        &[
            "refund",
            "refunded",
            "refundedamount",
            "amountrefunded",
            "refundamount",
            "refundedtotal",
            "itemrefunded",
            "refunds",
        ],
    ),
    col(
        "tax",
        false,
        Money,
        &["tax", "taxes", "taxamount", "taxtotal", "vat"],
    ),
    col(
        "shipping",
        false,
        Money,
        &[
            "shipping",
            "shippingamount",
            "shippingtotal",
            "shippingcost",
            "freight",
        ],
    ),
    col(
        "quantity",
        false,
        Number,
        &["quantity", "qty", "itemquantity", "lineitemquantity"],
    ),
    col(
        "unit-price",
        false,
        Money,
        &[
            "unitprice",
            "price",
            "unitamount",
            "salesprice",
            "itemprice",
            "lineitemprice",
        ],
    ),
    col(
        "converted-amount",
        false,
        Money,
        &["convertedamount", "amountconverted"],
    ),
    col(
        "converted-refund",
        false,
        Money,
        &["convertedamountrefunded", "convertedrefund"],
    ),
];

pub(super) const CUSTOMERS: &[ColumnSpec] = &[
    col("customer-id", true, Id, CUSTOMER_ID),
    col(
        "name",
        false,
        Text,
        &[
            "name",
            "customername",
            "clientname",
            "company",
            "companyname",
        ],
    ),
    col(
        "account-manager",
        false,
        Text,
        &[
            "accountmanager",
            "manager",
            "salesrep",
            "rep",
            "owner",
            "accountowner",
        ],
    ),
    col(
        "customer-since",
        false,
        Date,
        &[
            "customersince",
            "clientsince",
            "since",
            "firstorderdate",
            "firstorder",
            "firstpurchasedate",
            "firstpurchase",
            "acquisitiondate",
            "acquireddate",
            "acquired",
            "createdat",
            "createddate",
            "created",
            "signupdate",
            "kundeseit",
        ],
    ),
];

pub(super) const INVOICES: &[ColumnSpec] = &[
    col("customer-id", true, Id, CUSTOMER_ID),
    col("due-date", true, Date, &["duedate", "due", "dueon"]),
    col(
        "amount",
        true,
        Money,
        &["amount", "invoiceamount", "total", "value", "gross", "net"],
    ),
    col(
        "invoice-id",
        false,
        Text,
        &["invoiceid", "invoice", "invoiceno", "invoicenumber", "id"],
    ),
    col(
        "issue-date",
        false,
        Date,
        &["issuedate", "invoicedate", "issued", "date"],
    ),
    col(
        "paid-date",
        false,
        Date,
        &[
            "paiddate",
            "paymentdate",
            "paidon",
            "paidat",
            "datepaid",
            "paid",
        ],
    ),
    // only names that mean written off: a `Status` column is the status
    // (void, draft and cancelled invoices are left out by it, load/)
    col(
        "written-off",
        false,
        Flag,
        &[
            "writtenoff",
            "writeoff",
            "writtenoffflag",
            "baddebt",
            "uncollectible",
            "abgeschrieben",
            "forderungsausfall",
        ],
    ),
    col(
        "status",
        false,
        Text,
        &["status", "invoicestatus", "paymentstatus", "state"],
    ),
];

pub(super) const SERVICE: &[ColumnSpec] = &[
    col("customer-id", true, Id, CUSTOMER_ID),
    col(
        "date",
        true,
        Date,
        &[
            "date",
            "servicedate",
            "ticketdate",
            "created",
            "createdat",
            "opened",
        ],
    ),
    col(
        "hours",
        false,
        Number,
        &[
            "hours",
            "duration",
            "durationhours",
            "timespent",
            "effort",
            "efforthours",
        ],
    ),
    col(
        "cost",
        false,
        Money,
        &["cost", "servicecost", "directcost", "amount"],
    ),
    col(
        "kind",
        false,
        Text,
        &["kind", "type", "servicetype", "channel"],
    ),
];

pub(super) const COMPLAINTS: &[ColumnSpec] = &[
    col("customer-id", true, Id, CUSTOMER_ID),
    col(
        "date",
        true,
        Date,
        &[
            "date",
            "complaintdate",
            "created",
            "createdat",
            "raised",
            "opened",
        ],
    ),
    col(
        "resolved-date",
        false,
        Date,
        &[
            "resolveddate",
            "resolved",
            "resolvedat",
            "resolvedon",
            "closeddate",
            "closed",
            "closedat",
        ],
    ),
    col("severity", false, Text, &["severity", "priority"]),
];

pub(super) const PROSPECTS: &[ColumnSpec] = &[
    col(
        "prospect-id",
        true,
        Id,
        &[
            "prospectid",
            "prospect",
            "prospectno",
            "prospectnumber",
            "leadid",
            "lead",
            "leadno",
            "id",
            "companyid",
            "accountid",
            "account",
            "customerid",
            "customer",
            "clientid",
            "client",
        ],
    ),
    col(
        "name",
        false,
        Text,
        &[
            "name",
            "prospectname",
            "leadname",
            "companyname",
            "company",
            "accountname",
            "customername",
            "clientname",
        ],
    ),
];
/// Whether two strings are equal, at compile time.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The position of the column `key` among `columns`, worked out at compile
/// time: a key that is not there does not compile.
const fn position(columns: &[ColumnSpec], key: &str) -> usize {
    let mut i = 0;
    while i < columns.len() {
        if same(columns[i].key, key) {
            return i;
        }
        i += 1;
    }
    panic!("no such column")
}

/// Positions of the transactions columns in a row handed over by a reader,
/// found by key in the table above (reordering the table cannot misplace them).
pub(crate) mod tx {
    use super::{position, TRANSACTIONS};
    pub const CUSTOMER_ID: usize = position(TRANSACTIONS, "customer-id");
    pub const DATE: usize = position(TRANSACTIONS, "date");
    pub const AMOUNT: usize = position(TRANSACTIONS, "amount");
    pub const COST: usize = position(TRANSACTIONS, "cost");
    pub const DISCOUNT: usize = position(TRANSACTIONS, "discount");
    pub const ORDER_ID: usize = position(TRANSACTIONS, "order-id");
    pub const PRODUCT: usize = position(TRANSACTIONS, "product");
    pub const STATUS: usize = position(TRANSACTIONS, "status");
    pub const EMAIL: usize = position(TRANSACTIONS, "email");
    pub const CURRENCY: usize = position(TRANSACTIONS, "currency");
    pub const REFUND: usize = position(TRANSACTIONS, "refund");
    pub const TAX: usize = position(TRANSACTIONS, "tax");
    pub const SHIPPING: usize = position(TRANSACTIONS, "shipping");
    pub const QUANTITY: usize = position(TRANSACTIONS, "quantity");
    pub const UNIT_PRICE: usize = position(TRANSACTIONS, "unit-price");
    pub const CONVERTED_AMOUNT: usize = position(TRANSACTIONS, "converted-amount");
    pub const CONVERTED_REFUND: usize = position(TRANSACTIONS, "converted-refund");
}

/// Positions of the customers columns in a row handed over by a reader,
/// found by key in the table above (reordering the table cannot misplace them).
pub(crate) mod customers {
    use super::{position, CUSTOMERS};
    pub const CUSTOMER_ID: usize = position(CUSTOMERS, "customer-id");
    pub const NAME: usize = position(CUSTOMERS, "name");
    pub const ACCOUNT_MANAGER: usize = position(CUSTOMERS, "account-manager");
    pub const CUSTOMER_SINCE: usize = position(CUSTOMERS, "customer-since");
}

/// Positions of the invoices columns in a row handed over by a reader,
/// found by key in the table above (reordering the table cannot misplace them).
pub(crate) mod invoices {
    use super::{position, INVOICES};
    pub const CUSTOMER_ID: usize = position(INVOICES, "customer-id");
    pub const DUE_DATE: usize = position(INVOICES, "due-date");
    pub const AMOUNT: usize = position(INVOICES, "amount");
    pub const ISSUE_DATE: usize = position(INVOICES, "issue-date");
    pub const PAID_DATE: usize = position(INVOICES, "paid-date");
    pub const WRITTEN_OFF: usize = position(INVOICES, "written-off");
    pub const STATUS: usize = position(INVOICES, "status");
}

/// Positions of the service columns in a row handed over by a reader,
/// found by key in the table above (reordering the table cannot misplace them).
pub(crate) mod service {
    use super::{position, SERVICE};
    pub const CUSTOMER_ID: usize = position(SERVICE, "customer-id");
    pub const DATE: usize = position(SERVICE, "date");
    pub const HOURS: usize = position(SERVICE, "hours");
    pub const COST: usize = position(SERVICE, "cost");
}

/// Positions of the complaints columns in a row handed over by a reader,
/// found by key in the table above (reordering the table cannot misplace them).
pub(crate) mod complaints {
    use super::{position, COMPLAINTS};
    pub const CUSTOMER_ID: usize = position(COMPLAINTS, "customer-id");
    pub const DATE: usize = position(COMPLAINTS, "date");
    pub const RESOLVED_DATE: usize = position(COMPLAINTS, "resolved-date");
}

/// Positions of the prospects columns in a row handed over by a reader,
/// found by key in the table above (reordering the table cannot misplace them).
pub(crate) mod prospects {
    use super::{position, PROSPECTS};
    pub const PROSPECT_ID: usize = position(PROSPECTS, "prospect-id");
    pub const NAME: usize = position(PROSPECTS, "name");
}

//! Money: integer minor units with an ISO 4217 currency, never floating point.

use iso_currency::Currency;

/// An amount of money in a currency's minor units (400.00 AZN is 40000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    /// Minor units (qəpik, cents, …).
    pub minor: i64,
    /// The ISO 4217 currency.
    pub currency: Currency,
}

/// The currency for an ISO 4217 code (upper case), if it is a currency of account.
pub fn currency(code: &str) -> Option<Currency> {
    Currency::from_code(code).filter(|c| c.exponent().is_some())
}

/// Digits after the decimal point for `currency`.
pub fn exponent(currency: Currency) -> u32 {
    u32::from(currency.exponent().unwrap_or(2))
}

impl Money {
    /// Reads a positive decimal string (`"400.00"`, `"400"`) in `currency`. At most the
    /// currency's number of decimals; `None` for anything else.
    pub fn parse(amount: &str, currency: Currency) -> Option<Self> {
        let digits = exponent(currency);
        let (whole, frac) = match amount.split_once('.') {
            Some((w, f)) => (w, f),
            None => (amount, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 12 || !all_digits(whole) || !all_digits(frac) {
            return None;
        }
        if frac.len() > digits as usize || (amount.contains('.') && frac.is_empty()) {
            return None;
        }
        let scale = 10i64.pow(digits);
        let mut minor = whole.parse::<i64>().ok()?.checked_mul(scale)?;
        if !frac.is_empty() {
            let f: i64 = frac.parse().ok()?;
            minor = minor.checked_add(f * 10i64.pow(digits - frac.len() as u32))?;
        }
        (minor > 0).then_some(Self { minor, currency })
    }

    /// The amount as a decimal string with the currency's decimals (`"400.00"`).
    pub fn amount_string(&self) -> String {
        format_minor(self.minor, self.currency)
    }
}

/// `minor` units of `currency` as a decimal string.
pub fn format_minor(minor: i64, currency: Currency) -> String {
    let digits = exponent(currency);
    if digits == 0 {
        return minor.to_string();
    }
    let scale = 10i64.pow(digits);
    format!(
        "{}.{:0width$}",
        minor / scale,
        minor % scale,
        width = digits as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_minor_units() {
        let azn = currency("AZN").unwrap();
        assert_eq!(Money::parse("400.00", azn).unwrap().minor, 40000);
        assert_eq!(Money::parse("400", azn).unwrap().minor, 40000);
        assert_eq!(Money::parse("0.05", azn).unwrap().minor, 5);
        assert_eq!(
            Money::parse("400.5", azn).unwrap().amount_string(),
            "400.50"
        );
        let jpy = currency("JPY").unwrap();
        assert_eq!(Money::parse("1500", jpy).unwrap().amount_string(), "1500");
        assert!(Money::parse("1500.5", jpy).is_none());
        let kwd = currency("KWD").unwrap();
        assert_eq!(Money::parse("1.250", kwd).unwrap().minor, 1250);
    }

    #[test]
    fn zero_negative_and_malformed_amounts_are_refused() {
        let azn = currency("AZN").unwrap();
        for bad in [
            "0",
            "0.00",
            "-400.00",
            "400.001",
            "4e2",
            "400.",
            ".5",
            "",
            " 400",
            "1,000.00",
            "9999999999999",
        ] {
            assert!(Money::parse(bad, azn).is_none(), "{bad}");
        }
        assert!(currency("XYZ").is_none() && currency("azn").is_none());
    }
}

//! Randomness from the operating system, the only source Haven uses for keys, salts and nonces.

/// Fills `buf` with random bytes from the OS generator.
pub(crate) fn fill(buf: &mut [u8]) -> crate::Result<()> {
    getrandom::getrandom(buf)
        .map_err(|_| crate::Error::Storage(crate::error::StorageFailure(std::io::ErrorKind::Other)))
}

/// `N` random bytes.
pub(crate) fn bytes<const N: usize>() -> crate::Result<[u8; N]> {
    let mut b = [0u8; N];
    fill(&mut b)?;
    Ok(b)
}

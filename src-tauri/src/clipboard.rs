//! The clipboard, for copies of identifying fields: what Haven puts there is taken away again
//! after [`CLEAR_AFTER`](haven::hardening::CLIPBOARD_CLEAR_AFTER), at lock and when the app
//! quits — unless the user has copied something else since, which is left alone.

use std::sync::Mutex;

use zeroize::Zeroizing;

struct Held {
    /// One clipboard for the app's life: on X11 the copied text is served from this process
    /// while it lives.
    clipboard: arboard::Clipboard,
    /// What Haven copied last, and a counter telling one copy from the next.
    copied: Option<(u64, Zeroizing<String>)>,
    generation: u64,
}

static HELD: Mutex<Option<Held>> = Mutex::new(None);

fn held() -> std::sync::MutexGuard<'static, Option<Held>> {
    HELD.lock().unwrap_or_else(|p| p.into_inner())
}

/// Copies `text`, and schedules its removal.
pub fn copy(text: String) -> Result<(), ()> {
    let text = Zeroizing::new(text);
    let generation = {
        let mut guard = held();
        if guard.is_none() {
            *guard = Some(Held {
                clipboard: arboard::Clipboard::new().map_err(|_| ())?,
                copied: None,
                generation: 0,
            });
        }
        let h = guard.as_mut().expect("just set");
        h.clipboard.set_text(text.as_str()).map_err(|_| ())?;
        h.generation += 1;
        h.copied = Some((h.generation, text));
        h.generation
    };
    std::thread::spawn(move || {
        std::thread::sleep(haven::hardening::CLIPBOARD_CLEAR_AFTER);
        clear(Some(generation));
    });
    Ok(())
}

/// Clears the clipboard if it still holds Haven's copy (`generation`, or any when `None`).
pub fn clear(generation: Option<u64>) {
    let mut guard = held();
    let Some(h) = guard.as_mut() else {
        return;
    };
    let ours = match &h.copied {
        Some((g, _)) => generation.is_none_or(|want| want == *g),
        None => false,
    };
    if !ours {
        return;
    }
    let (_, text) = h.copied.take().expect("checked");
    // Only what Haven put there: a newer copy from another program stays.
    if h.clipboard
        .get_text()
        .is_ok_and(|now| Zeroizing::new(now).as_str() == text.as_str())
    {
        let _ = h.clipboard.clear();
    }
}

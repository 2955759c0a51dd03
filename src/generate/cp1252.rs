//! [`Cp1252Writer`]: a `Write` adapter that turns the UTF-8 the csv crate emits into Windows-1252,
//! as the police's Excel-on-Windows exports are.
//!
//! Bytes arrive in arbitrary chunks, so an incomplete UTF-8 sequence at the end of a chunk is kept
//! for the next call. Characters without a Windows-1252 byte become `?`, as Excel writes them.

use std::io::{self, Write};

pub(crate) struct Cp1252Writer<W: Write> {
    inner: W,
    pending: Vec<u8>,
    out: Vec<u8>,
}

impl<W: Write> Cp1252Writer<W> {
    pub(crate) fn new(inner: W) -> Self {
        Cp1252Writer {
            inner,
            pending: Vec::new(),
            out: Vec::with_capacity(1 << 14),
        }
    }

    fn encode(&mut self, text: &str) {
        if text.is_ascii() {
            self.out.extend_from_slice(text.as_bytes());
            return;
        }
        for c in text.chars() {
            if c.is_ascii() {
                self.out.push(c as u8);
                continue;
            }
            let mut buf = [0u8; 4];
            let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
            match bytes.first() {
                Some(&b) if !had_errors && bytes.len() == 1 => self.out.push(b),
                _ => self.out.push(b'?'),
            }
        }
    }
}

impl<W: Write> Write for Cp1252Writer<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let pending = std::mem::take(&mut self.pending);
        let valid = match std::str::from_utf8(&pending) {
            Ok(_) => pending.len(),
            Err(e) => e.valid_up_to(),
        };
        let (head, tail) = pending.split_at(valid);
        if let Ok(text) = std::str::from_utf8(head) {
            self.encode(text);
        }
        // An invalid (not merely incomplete) tail longer than a UTF-8 char cannot complete: drop it.
        if tail.len() < 4 {
            self.pending.extend_from_slice(tail);
        } else {
            self.out.push(b'?');
        }
        if self.out.len() >= 1 << 13 {
            self.inner.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.write_all(&self.out)?;
        self.out.clear();
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_western_letters_to_single_bytes() {
        let cases: [(&str, &[u8]); 6] = [
            ("MÜLLER", b"M\xDCLLER"),
            ("SCHRÖDER", b"SCHR\xD6DER"),
            ("LEFÈVRE;HÉLÈNE", b"LEF\xC8VRE;H\xC9L\xC8NE"),
            ("FRANÇOIS\r\n", b"FRAN\xC7OIS\r\n"),
            ("WANG 王", b"WANG ?"),
            ("", b""),
        ];
        for (input, expected) in cases {
            let mut w = Cp1252Writer::new(Vec::new());
            w.write_all(input.as_bytes()).ok();
            w.flush().ok();
            assert_eq!(w.inner, expected, "{input}");
        }
    }

    #[test]
    fn split_multibyte_sequences_survive_chunking() {
        let text = "JÜRGEN KÖHLER;ZÜRICH";
        let mut w = Cp1252Writer::new(Vec::new());
        for b in text.as_bytes() {
            w.write_all(std::slice::from_ref(b)).ok();
        }
        w.flush().ok();
        assert_eq!(w.inner, b"J\xDCRGEN K\xD6HLER;Z\xDCRICH");
    }
}

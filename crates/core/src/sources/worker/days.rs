//! The days of a history as the worker posts them: a compact binary form
//! in transferable buffers, so that the page copies bytes and reads numbers
//! instead of parsing JSON text (a year of 80 controls is 3 MB of JSON).
//!
//! Hand-written rather than a serde format: the core depends on serde,
//! serde_json and chrono only, both ends are the same build (no version to
//! negotiate), and each field is named once below, where the compiler
//! fails on a field added to [`DayScore`] or [`ControlScore`].
//!
//! A chunk is a day count, then each day: numbers little-endian, lengths
//! and counts as `u32`, texts as UTF-8 after their length, an option as a
//! `0`/`1` byte before its value, enums by their index in their `ALL` (or
//! `KNOWN`) list.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::engine::model::{
    Category, Comparison, ControlScore, ControlState, DayScore, Exclusion, Progress, Reported,
    Service, Status,
};

/// A chunk holds about this many bytes (at least one day): the page reads
/// one while the worker writes the next, and a chunk takes the page well
/// under a frame.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// The days in chunks of about [`CHUNK_BYTES`] (none for no days), each
/// written when it is asked for.
pub fn day_chunks(days: &[DayScore]) -> impl Iterator<Item = Vec<u8>> + '_ {
    let mut rest = days.iter().peekable();
    std::iter::from_fn(move || {
        rest.peek()?;
        let mut out = Writer(vec![0; 4]);
        let mut count: u32 = 0;
        while out.0.len() < CHUNK_BYTES {
            let Some(day) = rest.next() else { break };
            out.day(day);
            count += 1;
        }
        out.0[..4].copy_from_slice(&count.to_le_bytes());
        Some(out.0)
    })
}

/// Reads a chunk of days back; the error says where it stops making sense.
pub fn read_days(bytes: &[u8]) -> Result<Vec<DayScore>, String> {
    let mut reader = Reader { bytes, at: 0 };
    let days = reader.list(Reader::day).map_err(|what| {
        format!(
            "a chunk of days is not readable ({what} at byte {})",
            reader.at
        )
    })?;
    if reader.at != bytes.len() {
        return Err(format!(
            "a chunk of days is not readable ({} bytes left over)",
            bytes.len() - reader.at
        ));
    }
    Ok(days)
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, n: u8) {
        self.0.push(n);
    }

    fn u32(&mut self, n: usize) {
        // Counts and texts of a day are far below 4 GB.
        self.0.extend_from_slice(&(n as u32).to_le_bytes());
    }

    fn i64(&mut self, n: i64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn f64(&mut self, n: f64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn text(&mut self, text: &str) {
        self.u32(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn option<T>(&mut self, value: Option<T>, write: impl FnOnce(&mut Self, T)) {
        self.u8(value.is_some().into());
        if let Some(value) = value {
            write(self, value);
        }
    }

    fn list<T>(&mut self, items: &[T], write: impl Fn(&mut Self, &T)) {
        self.u32(items.len());
        for item in items {
            write(self, item);
        }
    }

    fn index<T: PartialEq>(&mut self, all: &[T], value: &T) {
        // Every value of these enums is in its list (tested).
        self.u8(all.iter().position(|v| v == value).unwrap_or_default() as u8);
    }

    fn service(&mut self, service: &Service) {
        match service {
            Service::Other(name) => {
                self.u8(OTHER_SERVICE);
                self.text(name);
            }
            known => self.index(&Service::KNOWN, known),
        }
    }

    fn day(&mut self, day: &DayScore) {
        let DayScore {
            date,
            computed_at,
            services,
            controls,
            excluded,
            reported,
            comparisons,
            licensed_users,
            active_users,
        } = day;
        self.i64(date.num_days_from_ce().into());
        self.option(computed_at.as_ref(), |w, at| {
            w.i64(at.timestamp());
            w.u32(at.timestamp_subsec_nanos() as usize);
        });
        self.list(services, Self::service);
        self.list(controls, Self::control);
        self.list(excluded, |w, Exclusion { id, reason }| {
            w.text(id);
            w.text(reason);
        });
        self.option(reported.as_ref(), |w, Reported { score, max }| {
            w.f64(*score);
            w.f64(*max);
        });
        self.list(comparisons, Self::comparison);
        for users in [licensed_users, active_users] {
            self.option(*users, Self::u64);
        }
    }

    fn control(&mut self, control: &ControlScore) {
        let ControlScore {
            id,
            category,
            service,
            earned,
            possible,
            state,
            progress,
            data_status,
            note,
        } = control;
        self.text(id);
        self.index(&Category::ALL, category);
        self.service(service);
        self.f64(*earned);
        self.f64(*possible);
        self.index(&ControlState::ALL, state);
        self.option(progress.as_ref(), |w, Progress { done, total }| {
            w.f64(*done);
            w.f64(*total);
        });
        self.index(&Status::ALL, data_status);
        self.text(note);
    }

    fn comparison(&mut self, comparison: &Comparison) {
        let Comparison {
            basis,
            label,
            average_score,
            categories,
        } = comparison;
        self.text(basis);
        self.text(label);
        self.f64(*average_score);
        self.list(categories, |w, (category, score, max)| {
            w.index(&Category::ALL, category);
            w.f64(*score);
            w.f64(*max);
        });
    }
}

/// The tag of a [`Service::Other`], past the indices of [`Service::KNOWN`].
const OTHER_SERVICE: u8 = u8::MAX;

/// Reads what [`Writer`] wrote; an error names what did not fit.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Read<T> = Result<T, &'static str>;

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Read<[u8; N]> {
        let bytes = self
            .bytes
            .get(self.at..self.at + N)
            .ok_or("it ends early")?;
        self.at += N;
        // The slice is N bytes long.
        Ok(bytes.try_into().unwrap_or([0; N]))
    }

    fn u8(&mut self) -> Read<u8> {
        Ok(self.take::<1>()?[0])
    }

    fn u32(&mut self) -> Read<usize> {
        Ok(u32::from_le_bytes(self.take()?) as usize)
    }

    fn i64(&mut self) -> Read<i64> {
        Ok(i64::from_le_bytes(self.take()?))
    }

    fn u64(&mut self) -> Read<u64> {
        Ok(u64::from_le_bytes(self.take()?))
    }

    fn f64(&mut self) -> Read<f64> {
        Ok(f64::from_le_bytes(self.take()?))
    }

    fn text(&mut self) -> Read<String> {
        let len = self.u32()?;
        let bytes = self
            .bytes
            .get(self.at..self.at.saturating_add(len))
            .ok_or("a text ends early")?;
        let text = std::str::from_utf8(bytes).map_err(|_| "a text is not UTF-8")?;
        self.at += len;
        Ok(text.to_owned())
    }

    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        match self.u8()? {
            0 => Ok(None),
            1 => read(self).map(Some),
            _ => Err("an option is neither present nor absent"),
        }
    }

    fn list<T>(&mut self, read: impl Fn(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let count = self.u32()?;
        // Each item takes a byte at least: a damaged count cannot reserve
        // more than the chunk could hold.
        let mut items = Vec::with_capacity(count.min(self.bytes.len() - self.at));
        for _ in 0..count {
            items.push(read(self)?);
        }
        Ok(items)
    }

    fn index<T: Clone>(&mut self, all: &[T], what: &'static str) -> Read<T> {
        all.get(usize::from(self.u8()?)).cloned().ok_or(what)
    }

    fn service(&mut self) -> Read<Service> {
        match self.u8()? {
            OTHER_SERVICE => self.text().map(Service::Other),
            known => Service::KNOWN
                .get(usize::from(known))
                .cloned()
                .ok_or("a service is unknown"),
        }
    }

    fn day(&mut self) -> Read<DayScore> {
        let days = i32::try_from(self.i64()?).map_err(|_| "a date is out of range")?;
        let date = NaiveDate::from_num_days_from_ce_opt(days).ok_or("a date is out of range")?;
        let computed_at = self.option(|r| {
            let (seconds, nanos) = (r.i64()?, r.u32()? as u32);
            DateTime::<Utc>::from_timestamp(seconds, nanos).ok_or("a time is out of range")
        })?;
        Ok(DayScore {
            date,
            computed_at,
            services: self.list(Self::service)?,
            controls: self.list(Self::control)?,
            excluded: self.list(|r| {
                Ok(Exclusion {
                    id: r.text()?,
                    reason: r.text()?,
                })
            })?,
            reported: self.option(|r| {
                Ok(Reported {
                    score: r.f64()?,
                    max: r.f64()?,
                })
            })?,
            comparisons: self.list(Self::comparison)?,
            licensed_users: self.option(Self::u64)?,
            active_users: self.option(Self::u64)?,
        })
    }

    fn control(&mut self) -> Read<ControlScore> {
        Ok(ControlScore {
            id: self.text()?,
            category: self.index(&Category::ALL, "a category is unknown")?,
            service: self.service()?,
            earned: self.f64()?,
            possible: self.f64()?,
            state: self.index(&ControlState::ALL, "a state is unknown")?,
            progress: self.option(|r| {
                Ok(Progress {
                    done: r.f64()?,
                    total: r.f64()?,
                })
            })?,
            data_status: self.index(&Status::ALL, "a status is unknown")?,
            note: self.text()?,
        })
    }

    fn comparison(&mut self) -> Read<Comparison> {
        Ok(Comparison {
            basis: self.text()?,
            label: self.text()?,
            average_score: self.f64()?,
            categories: self.list(|r| {
                Ok((
                    r.index(&Category::ALL, "a category is unknown")?,
                    r.f64()?,
                    r.f64()?,
                ))
            })?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::{demo_history, STORY_TODAY};

    /// A day with every optional field present, every enum's values and
    /// texts that are not ASCII.
    fn full_day() -> DayScore {
        let mut day = demo_history(STORY_TODAY).days.pop().unwrap();
        day.computed_at = DateTime::from_timestamp(1_764_900_000, 123_456_789);
        day.services
            .push(Service::Other("Viva Engage – bêta".into()));
        day.licensed_users = Some(u64::MAX);
        day.active_users = Some(0);
        day.reported = Some(Reported {
            score: 12.5,
            max: f64::MIN_POSITIVE,
        });
        day.excluded.push(Exclusion {
            id: "Ünicode".into(),
            reason: String::new(),
        });
        day.comparisons.push(Comparison {
            basis: "AllTenants".into(),
            label: "Alle Organisationen".into(),
            average_score: 41.3,
            categories: Category::ALL.iter().map(|c| (*c, 1.0, 2.0)).collect(),
        });
        let template = day.controls[0].clone();
        for (i, service) in Service::KNOWN.iter().enumerate() {
            let mut control = template.clone();
            control.id = format!("c{i}");
            control.service = service.clone();
            control.category = Category::ALL[i % Category::ALL.len()];
            control.state = ControlState::ALL[i % ControlState::ALL.len()];
            control.data_status = Status::ALL[i % Status::ALL.len()];
            control.progress = (i % 2 == 0).then_some(Progress {
                done: i as f64,
                total: 10.0,
            });
            control.note = "<b>Ça</b> marche".into();
            day.controls.push(control);
        }
        day
    }

    #[test]
    fn every_field_of_every_day_crosses_exactly() {
        let mut days = demo_history(STORY_TODAY).days;
        days.push(full_day());
        let chunks: Vec<Vec<u8>> = day_chunks(&days).collect();
        assert!(chunks.len() > 1, "the demo's days take several chunks");
        let back: Vec<DayScore> = chunks.iter().flat_map(|c| read_days(c).unwrap()).collect();
        assert_eq!(back, days);
    }

    #[test]
    fn chunks_hold_whole_days_near_the_size() {
        let days = demo_history(STORY_TODAY).days;
        for chunk in day_chunks(&days) {
            assert!(!read_days(&chunk).unwrap().is_empty());
            assert!(chunk.len() < CHUNK_BYTES + 64 * 1024, "{}", chunk.len());
        }
        assert_eq!(day_chunks(&[]).count(), 0);
    }

    #[test]
    fn damaged_chunks_are_refused_never_misread() {
        let chunk = day_chunks(&[full_day()]).next().unwrap();
        // Cut anywhere: an error, not a panic or a shorter day.
        for end in 0..chunk.len() {
            let error = read_days(&chunk[..end]).unwrap_err();
            assert!(
                error.starts_with("a chunk of days is not readable ("),
                "{error}"
            );
        }
        let mut longer = chunk.clone();
        longer.push(0);
        assert!(read_days(&longer)
            .unwrap_err()
            .contains("1 bytes left over"));
        // A count far beyond the bytes reserves nothing it cannot fill.
        let mut huge = chunk.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(read_days(&huge).unwrap_err().contains("ends early"));
        // Every byte flipped in turn: read or refused, never a panic.
        for at in 0..chunk.len() {
            let mut flipped = chunk.clone();
            flipped[at] ^= 0xA5;
            let _ = read_days(&flipped);
        }
    }
}

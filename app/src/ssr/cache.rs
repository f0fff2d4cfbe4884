//! Short-lived in-process caches. A viral page view or signature should cost as few database
//! round trips as possible, and the data behind them (counts, campaign texts, block lists)
//! may be a few seconds old. One kind of cache serves all of them: a map whose entries expire
//! after a fixed time, bounded in size so that requests for made-up keys cannot grow it.
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Entries older than `ttl` are misses; at most `capacity` entries are kept.
pub struct TtlCache<K, V> {
    ttl: Duration,
    capacity: usize,
    entries: Arc<Mutex<HashMap<K, (Instant, V)>>>,
}

impl<K, V> Clone for TtlCache<K, V> {
    fn clone(&self) -> Self {
        Self {
            ttl: self.ttl,
            capacity: self.capacity,
            entries: self.entries.clone(),
        }
    }
}

impl<K: Eq + Hash, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            capacity: capacity.max(1),
            entries: Arc::default(),
        }
    }

    /// The value for `key` if it was stored less than `ttl` ago.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let entries = self.entries.lock().ok()?;
        let (at, value) = entries.get(key)?;
        (at.elapsed() < self.ttl).then(|| value.clone())
    }

    pub fn insert(&self, key: K, value: V) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            let ttl = self.ttl;
            entries.retain(|_, (at, _)| at.elapsed() < ttl);
            if entries.len() >= self.capacity {
                // Still full of live entries: start over rather than track recency.
                entries.clear();
            }
        }
        entries.insert(key, (Instant::now(), value));
    }

    pub fn invalidate<Q>(&self, key: &Q)
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }

    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    /// The cached value, or `load`'s, which is then cached.
    pub async fn get_or_load<E, F, Fut>(&self, key: K, load: F) -> Result<V, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        if let Some(v) = self.get(&key) {
            return Ok(v);
        }
        let value = load().await?;
        self.insert(key, value.clone());
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_and_stays_bounded() {
        let cache = TtlCache::new(Duration::from_millis(50), 3);
        cache.insert("a".to_owned(), 1);
        assert_eq!(cache.get("a"), Some(1));
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(
            cache.get("a"),
            None,
            "an entry older than the ttl is a miss"
        );

        for (i, k) in ["b", "c", "d", "e"].into_iter().enumerate() {
            cache.insert(k.to_owned(), i);
        }
        let live = ["b", "c", "d", "e"]
            .iter()
            .filter(|k| cache.get(**k).is_some())
            .count();
        assert!(live <= 3, "never more than the capacity: {live}");
        assert_eq!(cache.get("e"), Some(3), "the newest entry is kept");

        cache.invalidate("e");
        assert_eq!(cache.get("e"), None);
    }

    #[tokio::test]
    async fn loads_once_while_fresh() {
        let cache = TtlCache::new(Duration::from_secs(60), 10);
        let mut calls = 0;
        for _ in 0..3 {
            let v: Result<i32, ()> = cache
                .get_or_load(1, || {
                    calls += 1;
                    async { Ok(7) }
                })
                .await;
            assert_eq!(v, Ok(7));
        }
        assert_eq!(calls, 1);
    }
}

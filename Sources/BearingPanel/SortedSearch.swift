extension RandomAccessCollection where Index == Int {
    /// In a collection sorted ascending by `key`, the last index whose key is ≤ `value`, by
    /// bisection; `startIndex` when none is (callers' first key is a start of 0, so always ≤).
    /// The one search behind "which block, segment, bucket or line anchor holds item `value`",
    /// given the blocks' first items.
    @inlinable
    package func lastIndex<Key: Comparable>(atMost value: Key, by key: (Element) -> Key) -> Int {
        var low = startIndex
        var high = endIndex - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if key(self[mid]) <= value { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

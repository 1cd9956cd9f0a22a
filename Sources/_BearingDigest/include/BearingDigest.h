// SHA-256 block function on the x86-64 SHA extensions (SHA-NI); Swift cannot spell them.
//
// Hashing the source file of an import must not cost more than reading it: the portable Swift
// compression runs at ~180 MB/s here, the SHA instructions at ~2 GB/s. The Swift side calls
// this first and falls back to its own implementation when it returns 0.
#ifndef BEARING_DIGEST_H
#define BEARING_DIGEST_H

#include <stddef.h>
#include <stdint.h>

/// Runs the SHA-256 compression function over `blocks` 64-byte blocks at `data`, updating
/// `state` (8 words, FIPS 180-4 order). Returns 1 when done, 0 (state untouched) when this CPU
/// or build has no SHA extensions.
int bearing_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// The 64 round constants K of FIPS 180-4 §4.2.2 (one table for both implementations).
extern const uint32_t bearing_sha256_k[64];

#endif

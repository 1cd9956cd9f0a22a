#!/usr/bin/env python3
"""Reference values for BearingRandomTests, computed independently of the Swift code.

Implements SplitMix64 and xoshiro256** from Vigna's published C reference
(prng.di.unimi.it/splitmix64.c, xoshiro256starstar.c), the RandomStream key absorption
described in RandomStream.swift, and the 256-layer ziggurat tables and double-precision
fast path described in Ziggurat.swift. Prints the values pinned in ReferenceValuesTests.swift.

Run: python3 Tests/BearingRandomTests/reference/reference.py
"""
import math

M64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


class SplitMix64:
    def __init__(self, state):
        self.state = state & M64

    def next(self):
        self.state = (self.state + GAMMA) & M64
        return mix(self.state)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Xoshiro256StarStar:
    def __init__(self, s):
        self.s = list(s)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result


def absorb(seed, trial, customer, period, purpose):
    h = mix((seed + GAMMA) & M64)
    h = mix(((h ^ ((trial << 32) | customer)) + GAMMA) & M64)
    h = mix(((h ^ ((period << 32) | purpose)) + GAMMA) & M64)
    return h


def stream(seed, trial, customer, period, purpose=0):
    sm = SplitMix64(absorb(seed, trial, customer, period, purpose))
    return Xoshiro256StarStar([sm.next() for _ in range(4)])


def open_uniform(word):
    return ((word >> 12) + 0.5) * 2.0 ** -52


R = 3.6541528853610088
V = 0.00492867323399


def tables():
    fr = math.exp(-0.5 * R * R)
    q = V / fr
    xs = [0.0] * 256
    xs[0] = q
    xs[255] = R
    for i in range(254, 0, -1):
        nxt = xs[i + 1]
        xs[i] = math.sqrt(-2 * math.log(V / nxt + math.exp(-0.5 * nxt * nxt)))
    ratio = [0.0] * 256
    ratio[0] = R / q
    for i in range(2, 256):
        ratio[i] = xs[i - 1] / xs[i]
    k = [int(r * 2.0 ** 53) for r in ratio]
    w = [x * 2.0 ** -53 for x in xs]
    return k, w


def normal_double_fast(word, k, w):
    """The ziggurat's fast path, or None where the Swift code would take the slow path."""
    layer = word & 0xFF
    magnitude = word >> 11
    if magnitude < k[layer]:
        x = magnitude * w[layer]
        return -x if (word >> 8) & 1 else x
    return None


def main():
    sm = SplitMix64(1234567)
    print("splitmix64(1234567):", [sm.next() for _ in range(5)])
    x = Xoshiro256StarStar([1, 2, 3, 4])
    print("xoshiro256**(1,2,3,4):", [x.next() for _ in range(6)])
    sm = SplitMix64(0)
    x = Xoshiro256StarStar([sm.next() for _ in range(4)])
    print("xoshiro256**(seed: 0):", [x.next() for _ in range(4)])
    for key in [(42, 0, 0, 0, 0), (42, 1, 2, 3, 4), (0xDEADBEEFCAFEF00D, 7, 123456, 59, 1)]:
        s = stream(*key)
        print(f"stream{key} absorb={absorb(*key)} words=", [s.next() for _ in range(4)])
    s = stream(42, 1, 2, 3, 4)
    print("stream(42,1,2,3,4) openUniform:", [repr(open_uniform(s.next())) for _ in range(3)])
    k, w = tables()
    print("k[0], k[1], k[2], k[128], k[255]:", k[0], k[1], k[2], k[128], k[255])
    s = stream(2026, 0, 0, 0, 0)
    values = []
    while len(values) < 6:
        v = normal_double_fast(s.next(), k, w)
        if v is None:
            break
        values.append(repr(v))
    print("stream(2026,0,0,0,0) normalDouble (fast path only):", values)


if __name__ == "__main__":
    main()

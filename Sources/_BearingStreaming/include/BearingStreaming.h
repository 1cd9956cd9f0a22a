// Streaming (non-temporal) stores for the scoring kernel; Swift has no spelling for them.
//
// The kernel writes ~13 bytes of scores per customer it reads 64 bytes of features for. With
// ordinary stores every written cache line is first read from memory (write-allocate), so a
// large scoring pass moves ~90 bytes per customer; streaming stores skip that read. They are
// portable clang builtins: movntps on x86-64, stnp or plain stores elsewhere.
#ifndef BEARING_STREAMING_H
#define BEARING_STREAMING_H

/// 16 floats; imported into Swift as SIMD16<Float>.
typedef float bearing_float16 __attribute__((ext_vector_type(16)));

/// Stores v at p without pulling the line into the cache. p must be 64-byte aligned.
static inline __attribute__((always_inline)) void bearing_stream_store16(float *p, bearing_float16 v) {
    __builtin_nontemporal_store(v, (bearing_float16 *)__builtin_assume_aligned(p, 64));
}

/// Orders earlier streaming stores before later stores (they are weakly ordered on x86), so
/// a thread that sees the kernel finish also sees its outputs.
static inline __attribute__((always_inline)) void bearing_stream_fence(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_sfence();
#else
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

/// 1 when this build can emit real streaming stores (x86-64 movnt*, arm64 stnp).
int bearing_stream_supported(void);

#endif

#include "BearingStreaming.h"

int bearing_stream_supported(void) {
#if defined(__x86_64__) || defined(__aarch64__)
    return 1;
#else
    return 0;
#endif
}

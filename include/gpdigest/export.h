/* export.h: marks the library's public symbols; everything else stays hidden. */
#ifndef GPDIGEST_EXPORT_H
#define GPDIGEST_EXPORT_H

#if defined(__GNUC__)
#define GPD_EXPORT __attribute__((visibility("default")))
#else
#define GPD_EXPORT
#endif

#endif

/* version.h: the program's version, and the version of the bytes it writes (the program identity incremental builds compare). */
#ifndef GPDIGEST_VERSION_H
#define GPDIGEST_VERSION_H

/* The release, from CMake's project(VERSION); PDFs name it as their
 * producer, so it is part of the output too. */
#ifndef GPD_VERSION
#define GPD_VERSION "0.0.0"
#endif

/* The output format: raise it in any change after which the same inputs
 * make different output bytes (a renderer, the layout, the deflater's
 * settings, a diagnostic's wording, which out/.gpdigest-manifest records)
 * and in no other. It is the program's identity in the manifest, so a
 * comment or a refactoring leaves every output and the committed manifest
 * as they are, and a build by a program of another format rebuilds
 * everything. A change forgotten here cannot pass unseen: `gpdigest build
 * --check` renders every output again and compares bytes, and names this
 * constant when an output differs under the same inputs and format. */
#define GPD_OUTPUT_FORMAT "11"

/* What a build records as the program that wrote an output folder. */
#define GPD_IDENTITY "gpdigest " GPD_VERSION ", output format " GPD_OUTPUT_FORMAT

#endif

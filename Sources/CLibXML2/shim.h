#ifndef CLINVAL_CLIBXML2_SHIM_H
#define CLINVAL_CLIBXML2_SHIM_H
/* Debian builds libxml2 with ICU; its ICU headers clash with the toolchain's own ICU module
   ("'UErrorCode' has different definitions in different modules"). clinval never uses libxml2's
   ICU encoders, so switch them off before any other libxml2 header is read. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#endif

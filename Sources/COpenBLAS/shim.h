#ifndef CLINVAL_COPENBLAS_SHIM_H
#define CLINVAL_COPENBLAS_SHIM_H
#include <cblas.h>
#endif

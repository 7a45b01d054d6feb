#ifndef CLINVAL_COPENSSL_SHIM_H
#define CLINVAL_COPENSSL_SHIM_H
#include <openssl/evp.h>
#endif

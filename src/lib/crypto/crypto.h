/*
 * Cryptographic primitives: keys (Ed25519 through libsodium, RSA and P-256
 * through OpenSSL 3 EVP), signatures under JOSE algorithm names, Ed25519
 * multikeys and did:key, SHA-256, and secrets sealed at rest under a master
 * key.  No I/O except the master key file; no knowledge of credentials.
 *
 * Private material (seeds, secret keys, PKCS#8 DER, decrypted secrets,
 * master keys) is wiped when a handle is freed; buffers of it handed to the
 * caller are released with mc__secret_free(), which wipes them first.
 */
#ifndef MC_CRYPTO_H
#define MC_CRYPTO_H

#include <stddef.h>

#include <jansson.h>

/** Key types.  MC__KEY_RSA2048 is generated at 2048 bits; imported RSA keys
 * may have 2048 to 8192 bits. */
enum mc__key_type { MC__KEY_ED25519, MC__KEY_RSA2048, MC__KEY_P256 };

/** A public key, or a key pair; opaque. */
struct mc__key;

#define MC__ED25519_PUBLIC_LEN 32
#define MC__ED25519_SEED_LEN   32
#define MC__ED25519_SIG_LEN    64
#define MC__SHA256_LEN	       32
#define MC__MASTER_KEY_LEN     32
/** Room for a publicKeyMultibase ("z6Mk" + 44 characters) and its NUL. */
#define MC__MULTIKEY_SIZE 64

/**
 * Initialise libsodium.  Safe to call any number of times and from several
 * threads (sodium_init() serialises itself); the functions below call it
 * themselves where it matters.  Returns 0 or MC_EIO (no randomness).
 */
int mc__crypto_init(void);

/** A random UUID (version 4) as text, "xxxxxxxx-xxxx-4xxx-yxxx-..."
 * (36 characters and a NUL). */
void mc__uuid4(char out[37]);

/** SHA-256 of `data[0..len)`. */
void mc__sha256(unsigned char out[MC__SHA256_LEN], const void *data,
		size_t len);

/** Wipe `len` bytes at `p` and free it.  NULL-safe. */
void mc__secret_free(void *p, size_t len);

/** Wipe `len` bytes at `p` (the compiler may not drop it). */
void mc__wipe(void *p, size_t len);

/* ---- keys ------------------------------------------------------------ */

/**
 * Generate a key pair of `type`.  Returns 0, MC_EUSAGE (unknown type),
 * MC_EIO (the random source or OpenSSL failed) or MC_ENOMEM.  Free with
 * mc__key_free().
 */
int mc__key_generate(struct mc__key **out, enum mc__key_type type);

/** Wipe and free a key.  NULL-safe. */
void mc__key_free(struct mc__key *key);

enum mc__key_type mc__key_type(const struct mc__key *key);

/** Non-zero when the key can sign. */
int mc__key_has_private(const struct mc__key *key);

/** The JOSE algorithm of a key type: "EdDSA", "RS256" or "ES256". */
const char *mc__key_alg(const struct mc__key *key);

/** "Ed25519", "RSA" or "P-256", for messages. */
const char *mc__key_type_name(enum mc__key_type type);

/**
 * The private key as bytes for encrypted storage: the 32-byte seed for
 * Ed25519, PKCS#8 (PrivateKeyInfo) DER for RSA and P-256.  The caller frees
 * `*out` with mc__secret_free(*out, *outlen).  Returns 0, MC_EINVALID (a
 * public key), MC_EIO or MC_ENOMEM.
 */
int mc__key_export_private(unsigned char **out, size_t *outlen,
			   const struct mc__key *key);

/**
 * A key pair from the bytes mc__key_export_private() gave.  The key must
 * be of `type` (an RSA key of 2048..8192 bits, a P-256 key).  The input is
 * not wiped (the caller owns it).  Returns 0, MC_EINVALID (reason in err),
 * MC_EIO or MC_ENOMEM.
 */
int mc__key_import_private(struct mc__key **out, enum mc__key_type type,
			   const unsigned char *data, size_t len, char *err,
			   size_t errlen);

/** The raw 32-byte Ed25519 public key.  Returns 0 or MC_EINVALID (another
 * key type). */
int mc__key_export_ed25519(unsigned char out[MC__ED25519_PUBLIC_LEN],
			   const struct mc__key *key);

/** A public Ed25519 key from its 32 raw bytes.  Returns 0, MC_EINVALID
 * (a point of small order, which no honest key is) or MC_ENOMEM. */
int mc__key_import_ed25519(struct mc__key **out,
			   const unsigned char pk[MC__ED25519_PUBLIC_LEN]);

/**
 * The public key as SubjectPublicKeyInfo DER (what "BEGIN PUBLIC KEY"
 * wraps).  The caller frees `*out`.  Returns 0, MC_EIO or MC_ENOMEM.
 */
int mc__key_export_spki(unsigned char **out, size_t *outlen,
			const struct mc__key *key);

/** A public key from SubjectPublicKeyInfo DER: Ed25519, RSA (2048..8192
 * bits) or P-256.  Returns 0, MC_EINVALID (reason in err) or MC_ENOMEM. */
int mc__key_import_spki(struct mc__key **out, const unsigned char *der,
			size_t len, char *err, size_t errlen);

/**
 * The public key as a JWK object (RFC 7517/8037): {"kty":"OKP","crv":
 * "Ed25519","x"}, {"kty":"RSA","n","e"} or {"kty":"EC","crv":"P-256","x",
 * "y"}, values base64url.  No private members, no "kid".  The caller owns
 * the new reference.  Returns 0, MC_EIO or MC_ENOMEM.
 */
int mc__key_export_jwk(json_t **out, const struct mc__key *key);

/**
 * A public key from a JWK object of one of the three shapes above (other
 * members, including private ones, are ignored; only the public key is
 * imported).  Coordinates must have their exact lengths, RSA "n" 2048 to
 * 8192 bits without leading zero bytes, EC points must lie on the curve.
 * Returns 0, MC_EINVALID (reason in err) or MC_ENOMEM.
 */
int mc__key_import_jwk(struct mc__key **out, const json_t *jwk, char *err,
		       size_t errlen);

/* ---- signatures ------------------------------------------------------ */

/**
 * Non-zero when `alg` is one this library signs and verifies ("EdDSA",
 * "RS256", "ES256"), compared exactly.
 */
int mc__alg_supported(const char *alg);

/**
 * Sign `msg[0..len)` with algorithm `alg` ("EdDSA": Ed25519; "RS256":
 * RSASSA-PKCS1-v1_5 with SHA-256; "ES256": ECDSA P-256 with SHA-256 in the
 * JOSE form, r || s, 64 bytes).  The alg must match the key type.  The
 * caller frees `*sig`.  Returns 0, MC_EINVALID (alg unknown or not the
 * key's, a public key; reason in err), MC_EIO or MC_ENOMEM.
 */
int mc__sign(unsigned char **sig, size_t *siglen, const struct mc__key *key,
	     const char *alg, const unsigned char *msg, size_t len, char *err,
	     size_t errlen);

/**
 * Verify a signature made as mc__sign() makes it.  Returns 0 when it
 * verifies, MC_EBADSIG when it does not (including a signature of the
 * wrong length), MC_EINVALID when `alg` is unknown or not the key's
 * (reason in err), MC_ENOMEM.
 */
int mc__verify(const struct mc__key *key, const char *alg,
	       const unsigned char *msg, size_t len, const unsigned char *sig,
	       size_t siglen, char *err, size_t errlen);

/* ---- Ed25519 multikeys and did:key ------------------------------------ */

/**
 * publicKeyMultibase of an Ed25519 key: "z" + base58btc(0xed 0x01 || pk),
 * which always starts "z6Mk".  Returns 0 or MC_ENOMEM.
 */
int mc__multikey_encode(char out[MC__MULTIKEY_SIZE],
			const unsigned char pk[MC__ED25519_PUBLIC_LEN]);

/**
 * The Ed25519 public key of a publicKeyMultibase: base 'z', the multicodec
 * prefix 0xed 0x01 and exactly 32 bytes.  Returns 0 or MC_EINVALID (reason
 * in err).
 */
int mc__multikey_decode(unsigned char out[MC__ED25519_PUBLIC_LEN],
			const char *mb, char *err, size_t errlen);

/**
 * The Ed25519 seed of a privateKeyMultibase: "z" + base58btc(0x80 0x26 ||
 * seed).  `out` is wiped on failure.  Returns 0 or MC_EINVALID.
 */
int mc__multikey_decode_private(unsigned char out[MC__ED25519_SEED_LEN],
				const char *mb, char *err, size_t errlen);

/** "did:key:<multikey>" for an Ed25519 key; the caller frees it.  Returns 0
 * or MC_ENOMEM. */
int mc__didkey_from_ed25519(char **out,
			    const unsigned char pk[MC__ED25519_PUBLIC_LEN]);

/** Its verification method, "did:key:<mb>#<mb>"; the caller frees it. */
int mc__didkey_vm_from_ed25519(char **out,
			       const unsigned char pk[MC__ED25519_PUBLIC_LEN]);

/**
 * Resolve "did:key:<mb>" or "did:key:<mb>#<mb>" (the fragment, if any,
 * must repeat the multikey) to its Ed25519 public key, offline.  Returns 0
 * or MC_EINVALID (not a did:key, another key type, a fragment that differs;
 * reason in err).
 */
int mc__didkey_resolve(unsigned char out[MC__ED25519_PUBLIC_LEN],
		       const char *did, char *err, size_t errlen);

/**
 * Resolve a did:key verification method to its public key, offline:
 * Ed25519 ("z6Mk...", multicodec 0xed 0x01) or P-256 ("zDn...", 0x80 0x24
 * and a SEC 1 compressed point).  The fragment, if any, must repeat the
 * key.  Returns 0, MC_EINVALID (reason in err) or MC_ENOMEM.
 */
int mc__didkey_resolve_key(struct mc__key **out, const char *did, char *err,
			   size_t errlen);

/* ---- secrets at rest --------------------------------------------------- */

/** Version byte of sealed secrets, and the bytes sealing adds. */
#define MC__SECRET_VERSION  1
#define MC__SECRET_OVERHEAD (1 + 24 + 16)
/** Largest secret sealed or opened. */
#define MC__SECRET_MAX (1024 * 1024)

/**
 * Seal `plain[0..len)` under the 32-byte master key with
 * XChaCha20-Poly1305 (IETF): output = version byte || 24-byte random nonce
 * || ciphertext and tag.  The version byte and `aad[0..aadlen)` (e.g. the
 * key id, so that a sealed key cannot be moved to another record) are
 * authenticated, not encrypted.  The caller frees `*out`.  Returns 0,
 * MC_ETOOBIG (past MC__SECRET_MAX), MC_EIO or MC_ENOMEM.
 */
int mc__secret_seal(unsigned char **out, size_t *outlen,
		    const unsigned char master[MC__MASTER_KEY_LEN],
		    const unsigned char *plain, size_t len,
		    const unsigned char *aad, size_t aadlen);

/**
 * Open what mc__secret_seal() made with the same master key and aad.  The
 * caller frees `*out` with mc__secret_free(*out, *outlen).  Returns 0,
 * MC_EINVALID (too short, unknown version, or authentication failed: the
 * wrong master key, the wrong aad or damaged data; reason in err) or
 * MC_ENOMEM.
 */
int mc__secret_open(unsigned char **out, size_t *outlen,
		    const unsigned char master[MC__MASTER_KEY_LEN],
		    const unsigned char *sealed, size_t len,
		    const unsigned char *aad, size_t aadlen, char *err,
		    size_t errlen);

/** mc__master_key_load() succeeded, but the key file is readable by group or
 * others: the key is usable and `err` holds a warning to show. */
#define MC__MASTER_KEY_LOOSE 1

/**
 * Load the 32-byte master key from the environment: MICROCRED_MASTER_KEY
 * (64 hex digits or 43 base64url characters), or the file named by
 * MICROCRED_MASTER_KEY_FILE (32 raw bytes, or one of those text forms;
 * surrounding whitespace ignored).  Setting both is refused as ambiguous.
 *
 * A key file readable by group or others is reported, not refused, here:
 * the key is loaded and MC__MASTER_KEY_LOOSE (positive) returned with the
 * reason in err; the caller decides (keys/master_key.c refuses it, naming
 * the file and its mode).
 *
 * Returns 0, MC__MASTER_KEY_LOOSE, MC_ENOTFOUND (neither variable set),
 * MC_EINVALID (bad text or length), MC_EIO (file unreadable, not a regular
 * file); reason in err.  The caller wipes `out` with mc__wipe() when done;
 * `out` is wiped on failure and every intermediate copy is wiped here.
 */
int mc__master_key_load(unsigned char out[MC__MASTER_KEY_LEN], char *err,
			size_t errlen);

/**
 * Load the master key from the file at `path` (the forms and the warning
 * of mc__master_key_load()); for the key file beside a database.
 */
int mc__master_key_load_file(unsigned char out[MC__MASTER_KEY_LEN],
			     const char *path, char *err, size_t errlen);

/**
 * Create `path` (mode 0600, never overwriting: O_EXCL, no symlink
 * followed) holding 32 random raw bytes.  Returns 0, MC_EEXISTS, MC_EIO
 * (reason in err).
 */
int mc__master_key_generate_file(const char *path, char *err, size_t errlen);

#endif

/*
 * polemica.ledger._native: the per-event work of the ledger at C speed.
 *
 * - leaf_hashes / node_level: RFC 6962 leaf and node hashes of a whole batch (libcrypto SHA-256).
 * - check_events: the verifier's native fast path. It only ever PROVES an event sound: it reads
 *   the leaf and its openings record as canonical JSON (the exact bytes the reference encoder
 *   writes), checks the envelope, the commitments and the kind's fields against the table given
 *   by set_kinds (built from polemica.events.KINDS), and answers "unsure" for everything else
 *   (floats, big integers, escapes in keys, unknown kinds, record.erased, odd ballots, anything
 *   malformed). The Python paths decide every event it is unsure of, so it never changes a verdict.
 * - dumps: canonical JSON of plain values (str, int, bool, None, list, tuple, str-keyed dict),
 *   byte for byte what polemica.events.canonical_json writes, or None when the reference must
 *   decide.
 * - fingerprint: a 64-bit fingerprint of an id's UTF-8 bytes, for the id-uniqueness check.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#ifdef POLEMICA_EVP
#include <openssl/evp.h>
#else
/* SHA256_Init/Update/Final: deprecated in OpenSSL 3 in favour of EVP, whose per-digest context
   set-up costs more than hashing a 65-byte node (measured: 0.34 against 0.15 µs). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#endif
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define INLINE static inline __attribute__((always_inline))
#define MAX_DEPTH 64
#define MAX_FIELDS 16
#define MAX_CHOICES 16
#define MAX_MEMBERS 32
#define MAX_RANKED 64

/* ------------------------------------------------------------------------------------------ */
/* SHA-256 of up to three parts                                                                */

#ifdef POLEMICA_EVP
static EVP_MD *sha256_md = NULL;
typedef struct {
    EVP_MD_CTX *ctx;
} Hasher;
static int hasher_open(Hasher *h) { return (h->ctx = EVP_MD_CTX_new()) != NULL; }
static void hasher_close(Hasher *h) { EVP_MD_CTX_free(h->ctx); }
static void sha256_parts(Hasher *h, const void *a, size_t al, const void *b, size_t bl,
                         const void *c, size_t cl, uint8_t *out)
{
    unsigned int len;
    EVP_DigestInit_ex2(h->ctx, sha256_md, NULL);
    EVP_DigestUpdate(h->ctx, a, al);
    EVP_DigestUpdate(h->ctx, b, bl);
    if (cl) EVP_DigestUpdate(h->ctx, c, cl);
    EVP_DigestFinal_ex(h->ctx, out, &len);
}
#else
typedef struct {
    SHA256_CTX ctx;
} Hasher;
static int hasher_open(Hasher *h) { return 1; }
static void hasher_close(Hasher *h) {}
static void sha256_parts(Hasher *h, const void *a, size_t al, const void *b, size_t bl,
                         const void *c, size_t cl, uint8_t *out)
{
    SHA256_Init(&h->ctx);
    SHA256_Update(&h->ctx, a, al);
    SHA256_Update(&h->ctx, b, bl);
    if (cl) SHA256_Update(&h->ctx, c, cl);
    SHA256_Final(out, &h->ctx);
}
#endif

/* ------------------------------------------------------------------------------------------ */
/* Kinds table                                                                                 */

enum {
    T_TEXT, T_NAME, T_ID, T_ID_OR_NULL, T_IDS, T_BOOL, T_ANY, T_OBJECT, T_TIME, T_SOURCES, T_BALLOT
};

typedef struct {
    char *name;
    Py_ssize_t nlen;
    int type, required, personal, nchoices;
    char *choices[MAX_CHOICES];
    Py_ssize_t choice_len[MAX_CHOICES];
    PyObject *pyname;
} Field;

typedef struct {
    char *name;
    Py_ssize_t nlen;
    int nfields;
    Field fields[MAX_FIELDS];
    /* A rule beyond the field types: when field `when_field` is the string `when_value`, field
       `then_field` must be truthy (question.opened: closed needs a reason). -1: none. */
    int when_field, then_field;
    char *when_value;
    Py_ssize_t when_len;
    int next_same_len; /* the next kind whose name is as long, or -1 */
} Kind;

#define MAX_KIND_LEN 64
static Kind *kinds = NULL;
static int nkinds = 0;
static int first_of_len[MAX_KIND_LEN]; /* the first kind whose name is this long, or -1 */
static char *stances[MAX_CHOICES];
static Py_ssize_t stance_len[MAX_CHOICES];
static int nstances = 0;

/* ------------------------------------------------------------------------------------------ */
/* Canonical JSON reading                                                                      */

enum { J_STR = 1, J_INT, J_TRUE, J_FALSE, J_NULL, J_ARR, J_OBJ };

/* One value of a document read into a tape, in document order. For a string, s..e is the text
   between the quotes (esc: it holds an escape); for anything else the whole text of the value.
   `next` is the index of the token after the value, so a container's children lie between. An
   object's children alternate: key, value. */
typedef struct {
    int type, esc;
    uint32_t next;
    const uint8_t *s, *e;
} Tok;

typedef struct {
    const uint8_t *p, *end;
    Tok *tape;
    uint32_t n, cap;
} Doc;

/* Lowercase hexadecimal digits only: the value plus one, else 0. */
static const int8_t HEX[256] = {
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
    ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

INLINE uint8_t hexbyte(const uint8_t *p) { return (uint8_t)((HEX[p[0]] - 1) << 4 | (HEX[p[1]] - 1)); }

/* The first byte at or after p (before end) that is not printable ASCII other than " and \. */
INLINE const uint8_t *skip_plain(const uint8_t *p, const uint8_t *end)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)p);
        /* Signed compare: bytes from 0x80 up are negative, so they count as below 0x20. */
        __m128i odd = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
            _mm_cmplt_epi8(x, space));
        int mask = _mm_movemask_epi8(odd);
        if (mask) return p + __builtin_ctz((unsigned)mask);
        p += 16;
    }
#endif
    while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
    return p;
}

/* A string exactly as Python's json writes it with ensure_ascii=False, then UTF-8: the short
   escapes for " \ \b \f \n \r \t, \u00xx (lowercase) for the other control characters, every
   other character raw and valid UTF-8 (no surrogates). d->p is at the opening quote. */
static int read_string(Doc *d, Tok *t)
{
    const uint8_t *p = d->p + 1, *end = d->end;
    int esc = 0;
    t->s = p;
    for (;;) {
        p = skip_plain(p, end);
        if (p >= end) return 0;
        uint8_t b = *p;
        if (b == '"') {
            t->type = J_STR;
            t->e = p;
            t->esc = esc;
            d->p = p + 1;
            return 1;
        }
        if (b == '\\') {
            esc = 1;
            if (p + 1 >= end) return 0;
            switch (p[1]) {
            case '"': case '\\': case 'b': case 'f': case 'n': case 'r': case 't':
                p += 2;
                continue;
            case 'u': {
                if (end - p < 6 || p[2] != '0' || p[3] != '0' || (p[4] != '0' && p[4] != '1') ||
                    !HEX[p[5]])
                    return 0;
                int code = (p[4] - '0') * 16 + HEX[p[5]] - 1;
                if (code == 8 || code == 9 || code == 10 || code == 12 || code == 13) return 0;
                /* The event format refuses NUL (events/text.py): the exact path says where. */
                if (code == 0) return 0;
                p += 6;
                continue;
            }
            default:
                return 0;
            }
        }
        if (b < 0x20) return 0;
        /* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
        Py_ssize_t left = end - p;
        if (b >= 0xC2 && b <= 0xDF) {
            if (left < 2 || (p[1] & 0xC0) != 0x80) return 0;
            p += 2;
        }
        else if (b >= 0xE0 && b <= 0xEF) {
            if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
            if (b == 0xE0 && p[1] < 0xA0) return 0;
            if (b == 0xED && p[1] > 0x9F) return 0;
            p += 3;
        }
        else if (b >= 0xF0 && b <= 0xF4) {
            if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
                (p[3] & 0xC0) != 0x80)
                return 0;
            if (b == 0xF0 && p[1] < 0x90) return 0;
            if (b == 0xF4 && p[1] > 0x8F) return 0;
            p += 4;
        }
        else {
            return 0;
        }
    }
}

/* Whether key b comes strictly after key a: code point order is UTF-8 byte order. */
INLINE int key_after(const uint8_t *a, Py_ssize_t al, const uint8_t *b, Py_ssize_t bl)
{
    Py_ssize_t m = al < bl ? al : bl;
    for (Py_ssize_t i = 0; i < m; i++)
        if (a[i] != b[i]) return a[i] < b[i];
    return al < bl;
}

/* Integers as int.__repr__ writes them: -?(0|[1-9][0-9]*), not -0; at most 18 digits (bigger
   ones, and floats, are left to the reference). */
static int read_int(Doc *d)
{
    const uint8_t *p = d->p, *end = d->end;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    const uint8_t *digits = p;
    if (p >= end) return 0;
    if (*p == '0') {
        p++;
        if (neg) return 0;
    }
    else if (*p >= '1' && *p <= '9') {
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    else {
        return 0;
    }
    if (p - digits > 18) return 0;
    if (p < end && (*p == '.' || *p == 'e' || *p == 'E' || (*p >= '0' && *p <= '9'))) return 0;
    d->p = p;
    return 1;
}

INLINE int literal(Doc *d, const char *word, Py_ssize_t len)
{
    if (d->end - d->p < len || memcmp(d->p, word, (size_t)len) != 0) return 0;
    d->p += len;
    return 1;
}

static int read_value(Doc *d, int depth);

/* A member's value or an element: strings (most of them) without the call to read_value. */
INLINE int read_item(Doc *d, int depth)
{
    if (d->p < d->end && *d->p == '"' && d->n < d->cap) {
        Tok *t = &d->tape[d->n++];
        if (!read_string(d, t)) return 0;
        t->next = d->n;
        return 1;
    }
    return read_value(d, depth);
}

/* One value onto the tape; 0 when the text is not surely canonical JSON (or too deep or long).
   Objects: keys without escapes (else unsure), strictly increasing, so no duplicates. */
static int read_value(Doc *d, int depth)
{
    if (depth > MAX_DEPTH || d->p >= d->end || d->n >= d->cap) return 0;
    uint32_t at = d->n++;
    Tok *t = &d->tape[at];
    const uint8_t *start = d->p;
    switch (*d->p) {
    case '"':
        if (!read_string(d, t)) return 0;
        t->next = d->n;
        return 1;
    case '{': {
        const uint8_t *prev = NULL;
        Py_ssize_t prevlen = 0;
        d->p++;
        if (d->p < d->end && *d->p == '}') {
            d->p++;
        }
        else {
            for (;;) {
                if (d->p >= d->end || *d->p != '"' || d->n >= d->cap) return 0;
                Tok *k = &d->tape[d->n++];
                if (!read_string(d, k) || k->esc) return 0;
                k->next = d->n;
                if (prev && !key_after(prev, prevlen, k->s, k->e - k->s)) return 0;
                prev = k->s;
                prevlen = k->e - k->s;
                if (d->p >= d->end || *d->p != ':') return 0;
                d->p++;
                if (!read_item(d, depth + 1) || d->p >= d->end) return 0;
                if (*d->p == ',') {
                    d->p++;
                    continue;
                }
                if (*d->p != '}') return 0;
                d->p++;
                break;
            }
        }
        t = &d->tape[at];
        t->type = J_OBJ;
        break;
    }
    case '[':
        d->p++;
        if (d->p < d->end && *d->p == ']') {
            d->p++;
        }
        else {
            for (;;) {
                if (!read_item(d, depth + 1) || d->p >= d->end) return 0;
                if (*d->p == ',') {
                    d->p++;
                    continue;
                }
                if (*d->p != ']') return 0;
                d->p++;
                break;
            }
        }
        t = &d->tape[at];
        t->type = J_ARR;
        break;
    case 't':
        if (!literal(d, "true", 4)) return 0;
        t->type = J_TRUE;
        break;
    case 'f':
        if (!literal(d, "false", 5)) return 0;
        t->type = J_FALSE;
        break;
    case 'n':
        if (!literal(d, "null", 4)) return 0;
        t->type = J_NULL;
        break;
    default:
        if (!read_int(d)) return 0;
        t->type = J_INT;
        break;
    }
    t->s = start;
    t->e = d->p;
    t->esc = 0;
    t->next = d->n;
    return 1;
}

/* A whole text that must be one canonical JSON object: its tape from token 0. */
static int read_doc(Doc *d, const uint8_t *text, Py_ssize_t len)
{
    d->p = text;
    d->end = text + len;
    d->n = 0;
    return len >= 2 && text[0] == '{' && read_value(d, 0) && d->p == d->end;
}

INLINE Py_ssize_t slen(const Tok *t) { return t->e - t->s; }

INLINE int str_is(const Tok *t, const char *text, Py_ssize_t len)
{
    return t->type == J_STR && slen(t) == len && memcmp(t->s, text, (size_t)len) == 0;
}

#define IS(t, lit) str_is((t), lit, (Py_ssize_t)sizeof(lit) - 1)

INLINE int nonempty_str(const Tok *t) { return t->type == J_STR && t->e > t->s; }

/* 64 lowercase hexadecimal digits. */
INLINE int hex64(const Tok *t)
{
    if (t->type != J_STR || slen(t) != 64) return 0;
#ifdef __SSE2__
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    const __m128i a = _mm_set1_epi8('a'), five = _mm_set1_epi8(5);
    int ok = 0xFFFF;
    for (int i = 0; i < 64; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(t->s + i));
        __m128i d = _mm_sub_epi8(x, zero), l = _mm_sub_epi8(x, a); /* wrapping */
        __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);  /* d <= 9, unsigned */
        __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(l, five), l);
        ok &= _mm_movemask_epi8(_mm_or_si128(digit, letter));
    }
    return ok == 0xFFFF;
#else
    int bad = 0;
    for (int i = 0; i < 64; i++) bad |= !HEX[t->s[i]];
    return !bad;
#endif
}

/* The 32 bytes that 64 hexadecimal digits (checked by hex64) spell. */
INLINE void unhex32(const uint8_t *p, uint8_t *out)
{
#ifdef __SSE2__
    for (int i = 0; i < 64; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i letter = _mm_cmpgt_epi8(x, _mm_set1_epi8('9'));
        __m128i v = _mm_sub_epi8(_mm_sub_epi8(x, _mm_set1_epi8('0')),
                                 _mm_and_si128(letter, _mm_set1_epi8('a' - '0' - 10)));
        /* Each 16-bit lane holds (first digit, second digit): make it first * 16 + second. */
        __m128i w = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(v, _mm_set1_epi16(0xFF)), 4),
                                 _mm_srli_epi16(v, 8));
        _mm_storel_epi64((__m128i *)(out + i / 2), _mm_packus_epi16(w, w));
    }
#else
    for (int j = 0; j < 32; j++) out[j] = hexbyte(p + 2 * j);
#endif
}

/* Python's truth value of the decoded value. */
static int truthy(const Tok *t)
{
    switch (t->type) {
    case J_STR: return t->e > t->s;
    case J_INT: return !(slen(t) == 1 && t->s[0] == '0');
    case J_TRUE: return 1;
    case J_ARR: case J_OBJ: return slen(t) > 2;
    default: return 0;
    }
}

/* Iterating an object's members (key token, value token) or an array's elements. */
#define EACH_MEMBER(tape, obj, k, v)                                                    \
    for (const Tok *k = (obj) + 1, *v = k + 1; k < (tape) + (obj)->next;                \
         k = (tape) + v->next, v = k + 1)
#define EACH_ELEM(tape, arr, x) for (const Tok *x = (arr) + 1; x < (tape) + (arr)->next; x = (tape) + x->next)

static int digits(const uint8_t *p, int n, int lo, int hi)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') return -1;
        x = x * 10 + (p[i] - '0');
    }
    return (x < lo || x > hi) ? -1 : x;
}

/* Times the event format surely accepts (fastverify._SURE_TIME): YYYY-MM-DDTHH:MM:SS(.f{1,6})?Z,
   year not 0000, day 01-28 (a day every month has). */
static int sure_time(const Tok *t)
{
    if (t->type != J_STR || t->esc) return 0;
    const uint8_t *p = t->s;
    Py_ssize_t n = slen(t);
    if (n != 20 && !(n >= 22 && n <= 27)) return 0;
    if (digits(p, 4, 1, 9999) < 0 || p[4] != '-' || digits(p + 5, 2, 1, 12) < 0 || p[7] != '-' ||
        digits(p + 8, 2, 1, 28) < 0 || p[10] != 'T' || digits(p + 11, 2, 0, 23) < 0 ||
        p[13] != ':' || digits(p + 14, 2, 0, 59) < 0 || p[16] != ':' ||
        digits(p + 17, 2, 0, 59) < 0)
        return 0;
    if (n == 20) return p[19] == 'Z';
    if (p[19] != '.' || p[n - 1] != 'Z') return 0;
    for (Py_ssize_t i = 20; i < n - 1; i++)
        if (p[i] < '0' || p[i] > '9') return 0;
    return 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Field checks (validate._check_field)                                                        */

static int in_choices(const Tok *t, char *const *choices, const Py_ssize_t *lens, int n)
{
    for (int i = 0; i < n; i++)
        if (str_is(t, choices[i], lens[i])) return 1;
    return 0;
}

static int ids_list(const Tok *tape, const Tok *t)
{
    if (t->type != J_ARR) return 0;
    EACH_ELEM(tape, t, x)
        if (!nonempty_str(x)) return 0;
    return 1;
}

static int sources_ok(const Tok *tape, const Tok *t)
{
    if (t->type != J_ARR) return 0;
    EACH_ELEM(tape, t, src) {
        int title = 0;
        if (src->type != J_OBJ) return 0;
        EACH_MEMBER(tape, src, k, v) {
            if (IS(k, "title")) {
                if (v->type != J_STR) return 0;
                title = 1;
            }
            else if (IS(k, "uri")) {
                if (v->type != J_STR) return 0;
            }
            else if (IS(k, "sha256")) {
                if (!hex64(v)) return 0;
            }
        }
        if (!title) return 0;
    }
    return 1;
}

static int ballot_ok(const Tok *tape, const Tok *t)
{
    const Tok *choice = NULL, *ranking = NULL, *approve = NULL, *stance = NULL, *statement = NULL;
    if (t->type != J_OBJ) return 0;
    EACH_MEMBER(tape, t, k, v) {
        if (IS(k, "choice")) choice = v;
        else if (IS(k, "ranking")) ranking = v;
        else if (IS(k, "approve")) approve = v;
        else if (IS(k, "stance")) stance = v;
        else if (IS(k, "statement")) statement = v;
    }
    if (choice) return nonempty_str(choice);
    if (ranking) {
        const Tok *flat[MAX_RANKED];
        int count = 0;
        if (ranking->type != J_ARR) return 0;
        EACH_ELEM(tape, ranking, group) {
            if (group->type != J_ARR || slen(group) == 2) return 0;
            EACH_ELEM(tape, group, x) {
                if (!nonempty_str(x) || count >= MAX_RANKED) return 0;
                /* Equal strings have equal canonical text, so their raw bytes compare. */
                for (int j = 0; j < count; j++)
                    if (slen(flat[j]) == slen(x) && memcmp(flat[j]->s, x->s, (size_t)slen(x)) == 0)
                        return 0;
                flat[count++] = x;
            }
        }
        return 1;
    }
    if (approve) return ids_list(tape, approve);
    if (stance)
        return in_choices(stance, stances, stance_len, nstances) && statement &&
               nonempty_str(statement);
    return 0;
}

static int field_ok(const Field *f, const Tok *tape, const Tok *t)
{
    switch (f->type) {
    case T_TEXT: case T_NAME: case T_ID:
        if (t->type != J_STR) return 0;
        if (f->type != T_TEXT && t->e == t->s) return 0;
        if (f->nchoices && !in_choices(t, f->choices, f->choice_len, f->nchoices)) return 0;
        return 1;
    case T_ID_OR_NULL: return t->type == J_NULL || nonempty_str(t);
    case T_IDS: return ids_list(tape, t);
    case T_BOOL: return t->type == J_TRUE || t->type == J_FALSE;
    case T_ANY: return 1;
    case T_OBJECT: return t->type == J_OBJ;
    case T_TIME: return sure_time(t);
    case T_SOURCES: return sources_ok(tape, t);
    case T_BALLOT: return ballot_ok(tape, t);
    default: return 0;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* One event                                                                                   */

static const uint8_t COMMIT_TAG[] = "polemica/commitment/v1"; /* and its terminating 0x00 */
#define COMMIT_TAG_LEN 23
#define TAPE 2048

typedef struct {
    int sound;
    const uint8_t *id;
    Py_ssize_t idlen;
    const Kind *kind;
    int nerased;
    int erased[MAX_FIELDS];
} Verdict;

INLINE uint64_t fingerprint64(const uint8_t *p, Py_ssize_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a, then murmur3's finalizer */
    for (Py_ssize_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* Whether event `seq` is surely sound (as commit.open_leaf with parse_event and verify's seq
   check would find); `leafdoc` and `recdoc` are scratch tapes. */
static int check_one(long long seq, const uint8_t *leaf, Py_ssize_t llen, const uint8_t *rec,
                     Py_ssize_t rlen, Hasher *hasher, Doc *leafdoc, Doc *recdoc, Verdict *out)
{
    static const Tok EMPTY_TEXT = {J_STR, 0, 0, (const uint8_t *)"", (const uint8_t *)""};
    const Tok *v = NULL, *sq = NULL, *id = NULL, *at = NULL, *org = NULL, *body = NULL,
              *actor = NULL, *kindv = NULL, *subject = NULL, *data = NULL;
    if (seq < 1 || !read_doc(leafdoc, leaf, llen)) return 0;
    const Tok *lt = leafdoc->tape;
    EACH_MEMBER(lt, lt, k, val) {
        switch (slen(k)) {
        case 1: if (k->s[0] == 'v') v = val; break;
        case 2: if (IS(k, "at")) at = val; else if (IS(k, "id")) id = val; break;
        case 3: if (IS(k, "org")) org = val; else if (IS(k, "seq")) sq = val; break;
        case 4:
            if (IS(k, "body")) body = val;
            else if (IS(k, "data")) data = val;
            else if (IS(k, "kind")) kindv = val;
            break;
        case 5: if (IS(k, "actor")) actor = val; break;
        case 7: if (IS(k, "subject")) subject = val; break;
        }
    }
    /* The envelope (validate.parse_event) and the expected seq. */
    char seqbuf[24], *seqtext = seqbuf + sizeof seqbuf;
    int seqlen = 0;
    for (unsigned long long x = (unsigned long long)seq; x; x /= 10, seqlen++)
        *--seqtext = (char)('0' + x % 10);
    if (!v || v->type != J_INT || slen(v) != 1 || v->s[0] != '1') return 0;
    if (!sq || sq->type != J_INT || slen(sq) != seqlen || memcmp(sq->s, seqtext, (size_t)seqlen))
        return 0;
    if (!id || !nonempty_str(id) || id->esc) return 0;
    if (!at || !sure_time(at)) return 0;
    if (!org || !nonempty_str(org)) return 0;
    if (!body || !(body->type == J_NULL || nonempty_str(body))) return 0;
    if (!actor || !(actor->type == J_NULL || nonempty_str(actor))) return 0;
    if (!subject || !nonempty_str(subject)) return 0;
    if (!kindv || kindv->type != J_STR || kindv->esc || !data || data->type != J_OBJ) return 0;
    const Kind *kind = NULL;
    if (slen(kindv) >= MAX_KIND_LEN) return 0;
    for (int i = first_of_len[slen(kindv)]; i >= 0; i = kinds[i].next_same_len)
        if (memcmp(kindv->s, kinds[i].name, (size_t)kinds[i].nlen) == 0) {
            kind = &kinds[i];
            break;
        }
    if (!kind) return 0;

    /* Each field's value in data; personal ones must be commitment objects. */
    const Tok *value[MAX_FIELDS];
    const Tok *tapes[MAX_FIELDS]; /* the tape each value lies on */
    const uint8_t *commit[MAX_FIELDS]; /* the commitment's 64 hex digits */
    int matched[MAX_FIELDS];
    int blank[MAX_FIELDS]; /* erased: reads as "" (text) or [] (sources) */
    int ncommitted = 0, nmatched = 0;
    for (int f = 0; f < kind->nfields; f++) {
        value[f] = NULL;
        commit[f] = NULL;
        matched[f] = 0;
        blank[f] = 0;
    }
    EACH_MEMBER(lt, data, k, val) {
        for (int f = 0; f < kind->nfields; f++) {
            const Field *fs = &kind->fields[f];
            if (!str_is(k, fs->name, fs->nlen)) continue;
            if (fs->personal) {
                /* {"commit":"<64 hex>"}: one key, so the value token follows the key token. */
                const Tok *ck = val + 1, *cv = val + 2;
                if (val->type != J_OBJ || val->next != (uint32_t)(cv - lt) + 1 ||
                    !IS(ck, "commit") || !hex64(cv)) {
                    /* personal 2: a leaf written before the field was personal holds it plain */
                    if (fs->personal != 2 || val->type == J_OBJ) return 0;
                    value[f] = val;
                    tapes[f] = lt;
                    break;
                }
                commit[f] = cv->s;
                ncommitted++;
            }
            else {
                value[f] = val;
                tapes[f] = lt;
            }
            break;
        }
    }

    /* The openings record (commit.parse_openings), padded with spaces after an erasure. */
    out->nerased = 0;
    if (!(rlen == 2 && rec[0] == '{' && rec[1] == '}')) {
        while (rlen > 0 && rec[rlen - 1] == ' ') rlen--;
        if (!read_doc(recdoc, rec, rlen)) return 0;
        const Tok *rt = recdoc->tape;
        EACH_MEMBER(rt, rt, key, part) {
            if (IS(key, "erased")) {
                if (part->type != J_ARR) return 0;
                EACH_ELEM(rt, part, x) {
                    int f = 0;
                    for (; f < kind->nfields; f++)
                        if (commit[f] && !matched[f] &&
                            str_is(x, kind->fields[f].name, kind->fields[f].nlen))
                            break;
                    if (f == kind->nfields) return 0;
                    matched[f] = 1;
                    nmatched++;
                    value[f] = &EMPTY_TEXT; /* an erased field is checked as "" */
                    blank[f] = 1;
                    tapes[f] = rt;
                    out->erased[out->nerased++] = f;
                }
            }
            else if (IS(key, "open")) {
                if (part->type != J_OBJ) return 0;
                EACH_MEMBER(rt, part, name, item) {
                    int f = 0;
                    for (; f < kind->nfields; f++)
                        if (commit[f] && !matched[f] &&
                            str_is(name, kind->fields[f].name, kind->fields[f].nlen))
                            break;
                    if (f == kind->nfields) return 0;
                    /* {"salt":"<64 hex>","value":…}: exactly these two keys, in this order. */
                    if (item->type != J_OBJ) return 0;
                    const Tok *end = rt + item->next, *sk = item + 1;
                    if (sk >= end || !IS(sk, "salt")) return 0;
                    const Tok *sv = sk + 1, *vk = rt + sv->next;
                    if (!hex64(sv) || vk >= end || !IS(vk, "value")) return 0;
                    const Tok *vv = vk + 1;
                    if (rt + vv->next != end) return 0;
                    /* SHA-256(tag ‖ 0x00 ‖ salt ‖ canonical JSON of the value): the value's
                       canonical JSON is its text in the canonical record. */
                    uint8_t salt[32], digest[32], committed[32];
                    unhex32(sv->s, salt);
                    int quotes = vv->type == J_STR; /* a string's token excludes its quotes */
                    sha256_parts(hasher, COMMIT_TAG, COMMIT_TAG_LEN, salt, 32, vv->s - quotes,
                                 (size_t)(slen(vv) + 2 * quotes), digest);
                    unhex32(commit[f], committed);
                    if (memcmp(committed, digest, 32) != 0) return 0;
                    matched[f] = 1;
                    nmatched++;
                    value[f] = vv;
                    tapes[f] = rt;
                }
            }
            else {
                return 0;
            }
        }
    }
    if (nmatched != ncommitted) return 0;

    /* The kind's fields (validate._check_data), with the opened values. */
    for (int f = 0; f < kind->nfields; f++) {
        if (!value[f]) {
            if (kind->fields[f].required) return 0;
            continue;
        }
        /* Erased sources read as [], which every sources field accepts. */
        if (blank[f] && kind->fields[f].type == T_SOURCES) continue;
        if (!field_ok(&kind->fields[f], tapes[f], value[f])) return 0;
    }
    if (kind->when_field >= 0) {
        const Tok *w = value[kind->when_field], *t = value[kind->then_field];
        if (w && str_is(w, kind->when_value, kind->when_len) && !(t && truthy(t))) return 0;
    }
    out->id = id->s;
    out->idlen = slen(id);
    out->kind = kind;
    return 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Python functions                                                                            */

/* Records, given as a list of bytes or as a block (blob, bounds): record i of a block is
   blob[bounds[i] : bounds[i + 1] - 1], each record being followed by its newline, and bounds a
   buffer of n + 1 unsigned 64-bit offsets. The buffers stay referenced, so they stay valid while
   the interpreter lock is released. */
typedef struct {
    Py_ssize_t n;
    PyObject **items; /* a list's items, or NULL */
    PyObject *blob;   /* a block's blob, or NULL */
    const uint8_t **ptr;
    Py_ssize_t *len;
} Records;

static void records_free(Records *r)
{
    if (r->items)
        for (Py_ssize_t i = 0; i < r->n; i++) Py_XDECREF(r->items[i]);
    Py_CLEAR(r->blob);
    PyMem_Free(r->items);
    PyMem_Free(r->ptr);
    PyMem_Free(r->len);
    r->items = NULL;
    r->ptr = NULL;
    r->len = NULL;
    r->n = 0;
}

/* A block's bounds as a buffer of n + 1 offsets (n >= 0). */
static int bounds_view(PyObject *obj, Py_buffer *view)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return 0;
    if (view->itemsize != 8 || view->ndim != 1 || view->len < 8) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_TypeError, "bounds must be n + 1 unsigned 64-bit integers");
        return 0;
    }
    return 1;
}

static int records_alloc(Records *r, Py_ssize_t n)
{
    r->ptr = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(uint8_t *));
    r->len = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Py_ssize_t));
    if (!r->ptr || !r->len) {
        PyErr_NoMemory();
        return 0;
    }
    return 1;
}

static int records_get(PyObject *obj, Records *r, const char *what)
{
    memset(r, 0, sizeof *r);
    if (PyList_Check(obj)) {
        Py_ssize_t n = PyList_GET_SIZE(obj);
        r->items = PyMem_Calloc((size_t)(n ? n : 1), sizeof(PyObject *));
        if (!r->items) {
            PyErr_NoMemory();
            return 0;
        }
        if (!records_alloc(r, n)) goto fail;
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *item = PyList_GET_ITEM(obj, i);
            if (!PyBytes_Check(item)) {
                PyErr_Format(PyExc_TypeError, "%s must be a list of bytes", what);
                goto fail;
            }
            Py_INCREF(item);
            r->items[i] = item;
            r->n = i + 1;
            r->ptr[i] = (const uint8_t *)PyBytes_AS_STRING(item);
            r->len[i] = PyBytes_GET_SIZE(item);
        }
        return 1;
    }
    PyObject *blob, *bounds;
    Py_buffer view;
    if (!PyTuple_Check(obj) || !PyArg_ParseTuple(obj, "O!O", &PyBytes_Type, &blob, &bounds)) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s must be a list of bytes or (blob, bounds)", what);
        return 0;
    }
    if (!bounds_view(bounds, &view)) return 0;
    const uint64_t *b = view.buf;
    Py_ssize_t n = view.len / 8 - 1;
    uint64_t size = (uint64_t)PyBytes_GET_SIZE(blob);
    if (!records_alloc(r, n)) {
        PyBuffer_Release(&view);
        goto fail;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!(b[i] < b[i + 1] && b[i + 1] <= size)) {
            PyBuffer_Release(&view);
            PyErr_Format(PyExc_ValueError, "%s: record %zd lies outside its block", what, i);
            goto fail;
        }
        r->ptr[i] = (const uint8_t *)PyBytes_AS_STRING(blob) + b[i];
        r->len[i] = (Py_ssize_t)(b[i + 1] - b[i] - 1);
    }
    PyBuffer_Release(&view);
    Py_INCREF(blob);
    r->blob = blob;
    r->n = n;
    return 1;
fail:
    records_free(r);
    return 0;
}

static PyObject *py_record_damage(PyObject *self, PyObject *args)
{
    PyObject *bounds;
    Py_buffer blob, view;
    if (!PyArg_ParseTuple(args, "y*O", &blob, &bounds)) return NULL;
    if (!bounds_view(bounds, &view)) {
        PyBuffer_Release(&blob);
        return NULL;
    }
    const uint64_t *b = view.buf;
    const uint8_t *data = blob.buf;
    uint64_t size = (uint64_t)blob.len;
    Py_ssize_t n = view.len / 8 - 1, bad = -1;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t lo = b[i], hi = b[i + 1];
        if (hi <= lo || hi > size || data[hi - 1] != '\n' ||
            memchr(data + lo, '\n', (size_t)(hi - 1 - lo))) {
            bad = i;
            break;
        }
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    PyBuffer_Release(&blob);
    return PyLong_FromSsize_t(bad);
}

static PyObject *py_leaf_hashes(PyObject *self, PyObject *arg)
{
    Records in;
    if (!records_get(arg, &in, "leaves")) return NULL;
    PyObject *out = PyBytes_FromStringAndSize(NULL, in.n * 32);
    if (!out) {
        records_free(&in);
        return NULL;
    }
    uint8_t *dst = (uint8_t *)PyBytes_AS_STRING(out);
    Hasher h;
    if (!hasher_open(&h)) {
        records_free(&in);
        Py_DECREF(out);
        return PyErr_NoMemory();
    }
    static const uint8_t prefix = 0x00;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < in.n; i++)
        sha256_parts(&h, &prefix, 1, in.ptr[i], (size_t)in.len[i], NULL, 0, dst + 32 * i);
    Py_END_ALLOW_THREADS
    hasher_close(&h);
    records_free(&in);
    return out;
}

static PyObject *py_node_level(PyObject *self, PyObject *arg)
{
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
    if (view.len % 64) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "a level needs an even number of 32-byte hashes");
        return NULL;
    }
    Py_ssize_t pairs = view.len / 64;
    PyObject *out = PyBytes_FromStringAndSize(NULL, pairs * 32);
    if (!out) {
        PyBuffer_Release(&view);
        return NULL;
    }
    const uint8_t *src = view.buf;
    uint8_t *dst = (uint8_t *)PyBytes_AS_STRING(out);
    Hasher h;
    if (!hasher_open(&h)) {
        PyBuffer_Release(&view);
        Py_DECREF(out);
        return PyErr_NoMemory();
    }
    static const uint8_t prefix = 0x01;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < pairs; i++)
        sha256_parts(&h, &prefix, 1, src + 64 * i, 64, NULL, 0, dst + 32 * i);
    Py_END_ALLOW_THREADS
    hasher_close(&h);
    PyBuffer_Release(&view);
    return out;
}

static PyObject *py_fingerprint(PyObject *self, PyObject *arg)
{
    if (!PyBytes_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "fingerprint takes bytes");
        return NULL;
    }
    uint64_t h = fingerprint64((const uint8_t *)PyBytes_AS_STRING(arg), PyBytes_GET_SIZE(arg));
    return PyLong_FromLongLong((long long)h);
}

static PyObject *py_check_events(PyObject *self, PyObject *args)
{
    long long seq0;
    PyObject *leaves_obj, *records_obj;
    Records leaves, records;
    if (!PyArg_ParseTuple(args, "LOO", &seq0, &leaves_obj, &records_obj)) return NULL;
    if (!kinds) {
        PyErr_SetString(PyExc_RuntimeError, "set_kinds was not called");
        return NULL;
    }
    if (!records_get(leaves_obj, &leaves, "leaves")) return NULL;
    if (!records_get(records_obj, &records, "records")) {
        records_free(&leaves);
        return NULL;
    }
    PyObject *hashes = NULL, *fps = NULL, *unsure = NULL, *erased = NULL, *result = NULL;
    Py_ssize_t n = leaves.n;
    Verdict *verdicts = NULL;
    Tok *tapes = NULL;
    if (records.n != n) {
        PyErr_SetString(PyExc_ValueError, "as many records as leaves are needed");
        goto done;
    }
    verdicts = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Verdict));
    /* Two tokens of slack: the member loops form (never read) pointers just past the end. */
    tapes = PyMem_Malloc(2 * (TAPE + 2) * sizeof(Tok));
    hashes = PyBytes_FromStringAndSize(NULL, n * 32);
    if (!verdicts || !tapes || !hashes) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    Hasher h;
    if (!hasher_open(&h)) {
        PyErr_NoMemory();
        goto done;
    }
    Doc leafdoc = {NULL, NULL, tapes, 0, TAPE}, recdoc = {NULL, NULL, tapes + TAPE + 2, 0, TAPE};
    uint8_t *dst = (uint8_t *)PyBytes_AS_STRING(hashes);
    static const uint8_t prefix = 0x00;
    Py_BEGIN_ALLOW_THREADS
    /* The leaf hash while the leaf is in the cache. */
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i + 2 < n) { /* two streams, one line each: help the hardware prefetcher along */
            __builtin_prefetch(leaves.ptr[i + 2]);
            __builtin_prefetch(records.ptr[i + 2] + records.len[i + 2] - 1);
        }
        sha256_parts(&h, &prefix, 1, leaves.ptr[i], (size_t)leaves.len[i], NULL, 0, dst + 32 * i);
        verdicts[i].sound = check_one(seq0 + i, leaves.ptr[i], leaves.len[i], records.ptr[i],
                                      records.len[i], &h, &leafdoc, &recdoc, &verdicts[i]);
    }
    Py_END_ALLOW_THREADS
    hasher_close(&h);
    Py_ssize_t sound = 0;
    for (Py_ssize_t i = 0; i < n; i++) sound += verdicts[i].sound;
    fps = PyBytes_FromStringAndSize(NULL, sound * 8);
    unsure = PyList_New(0);
    erased = PyList_New(0);
    if (!fps || !unsure || !erased) goto done;
    uint8_t *fp = (uint8_t *)PyBytes_AS_STRING(fps);
    for (Py_ssize_t i = 0; i < n; i++) {
        Verdict *vd = &verdicts[i];
        if (!vd->sound) {
            PyObject *index = PyLong_FromSsize_t(i);
            if (!index || PyList_Append(unsure, index) < 0) {
                Py_XDECREF(index);
                goto done;
            }
            Py_DECREF(index);
            continue;
        }
        uint64_t print = fingerprint64(vd->id, vd->idlen);
        memcpy(fp, &print, 8);
        fp += 8;
        if (vd->nerased) {
            PyObject *fields = PyTuple_New(vd->nerased);
            if (!fields) goto done;
            for (int j = 0; j < vd->nerased; j++) {
                PyObject *name = vd->kind->fields[vd->erased[j]].pyname;
                Py_INCREF(name);
                PyTuple_SET_ITEM(fields, j, name);
            }
            PyObject *entry = Py_BuildValue(
                "(ns#N)", i, (const char *)vd->id, vd->idlen, fields);
            if (!entry || PyList_Append(erased, entry) < 0) {
                Py_XDECREF(entry);
                goto done;
            }
            Py_DECREF(entry);
        }
    }
    result = PyTuple_Pack(4, hashes, fps, unsure, erased);
done:
    Py_XDECREF(hashes);
    Py_XDECREF(fps);
    Py_XDECREF(unsure);
    Py_XDECREF(erased);
    PyMem_Free(verdicts);
    PyMem_Free(tapes);
    records_free(&leaves);
    records_free(&records);
    return result;
}

/* ------------------------------------------------------------------------------------------ */
/* set_kinds                                                                                   */

static char *copy_bytes(PyObject *obj, Py_ssize_t *len)
{
    if (!PyBytes_Check(obj)) {
        PyErr_SetString(PyExc_TypeError, "names and choices must be bytes");
        return NULL;
    }
    *len = PyBytes_GET_SIZE(obj);
    char *out = PyMem_Malloc((size_t)*len + 1);
    if (!out) {
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(out, PyBytes_AS_STRING(obj), (size_t)*len + 1);
    return out;
}

static int read_choices(PyObject *seq, char **out, Py_ssize_t *lens, int *count)
{
    PyObject *fast = PySequence_Fast(seq, "choices must be a sequence");
    if (!fast) return 0;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    if (n > MAX_CHOICES) {
        Py_DECREF(fast);
        PyErr_SetString(PyExc_ValueError, "too many choices");
        return 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        out[i] = copy_bytes(PySequence_Fast_GET_ITEM(fast, i), &lens[i]);
        if (!out[i]) {
            Py_DECREF(fast);
            return 0;
        }
    }
    *count = (int)n;
    Py_DECREF(fast);
    return 1;
}

/* set_kinds(kinds, stances): kinds is a sequence of
   (name: bytes, fields: sequence of (name: str, type: int, required: bool, personal: int,
    choices: sequence of bytes), rule: None | (when_field: int, when_value: bytes,
    then_field: int)); stances the canonical texts of the ballot stances. Call once at import.
   personal: 0 not personal, 1 committed, 2 committed (or plain in a leaf written before the
   field was personal). */
static PyObject *py_set_kinds(PyObject *self, PyObject *args)
{
    PyObject *kinds_obj, *stances_obj;
    if (!PyArg_ParseTuple(args, "OO", &kinds_obj, &stances_obj)) return NULL;
    if (kinds) {
        PyErr_SetString(PyExc_RuntimeError, "set_kinds was already called");
        return NULL;
    }
    PyObject *fast = PySequence_Fast(kinds_obj, "kinds must be a sequence");
    if (!fast) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    Kind *table = PyMem_Calloc((size_t)(n ? n : 1), sizeof(Kind));
    if (!table) {
        Py_DECREF(fast);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *name, *fields, *rule;
        Kind *k = &table[i];
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, i), "OOO", &name, &fields, &rule))
            goto fail;
        if (!(k->name = copy_bytes(name, &k->nlen))) goto fail;
        PyObject *ff = PySequence_Fast(fields, "fields must be a sequence");
        if (!ff) goto fail;
        Py_ssize_t nf = PySequence_Fast_GET_SIZE(ff);
        if (nf > MAX_FIELDS) {
            Py_DECREF(ff);
            PyErr_SetString(PyExc_ValueError, "too many fields");
            goto fail;
        }
        for (Py_ssize_t j = 0; j < nf; j++) {
            PyObject *fname, *choices;
            Field *f = &k->fields[j];
            if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(ff, j), "UipiO", &fname, &f->type,
                                  &f->required, &f->personal, &choices)) {
                Py_DECREF(ff);
                goto fail;
            }
            Py_ssize_t ulen;
            const char *utf8 = PyUnicode_AsUTF8AndSize(fname, &ulen);
            if (!utf8 || f->type < T_TEXT || f->type > T_BALLOT) {
                Py_DECREF(ff);
                if (utf8) PyErr_SetString(PyExc_ValueError, "unknown field type");
                goto fail;
            }
            f->name = PyMem_Malloc((size_t)ulen + 1);
            if (!f->name) {
                Py_DECREF(ff);
                PyErr_NoMemory();
                goto fail;
            }
            memcpy(f->name, utf8, (size_t)ulen + 1);
            f->nlen = ulen;
            Py_INCREF(fname);
            f->pyname = fname;
            if (!read_choices(choices, f->choices, f->choice_len, &f->nchoices)) {
                Py_DECREF(ff);
                goto fail;
            }
            k->nfields++;
        }
        Py_DECREF(ff);
        k->when_field = k->then_field = -1;
        if (rule != Py_None) {
            PyObject *value;
            if (!PyArg_ParseTuple(rule, "iOi", &k->when_field, &value, &k->then_field)) goto fail;
            if (k->when_field < 0 || k->when_field >= k->nfields || k->then_field < 0 ||
                k->then_field >= k->nfields) {
                PyErr_SetString(PyExc_ValueError, "a rule names a field the kind lacks");
                goto fail;
            }
            if (!(k->when_value = copy_bytes(value, &k->when_len))) goto fail;
        }
    }
    if (!read_choices(stances_obj, stances, stance_len, &nstances)) goto fail;
    Py_DECREF(fast);
    for (int i = 0; i < MAX_KIND_LEN; i++) first_of_len[i] = -1;
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        if (table[i].nlen >= MAX_KIND_LEN) {
            PyErr_SetString(PyExc_ValueError, "a kind name is too long");
            return NULL;
        }
        table[i].next_same_len = first_of_len[table[i].nlen];
        first_of_len[table[i].nlen] = (int)i;
    }
    kinds = table;
    nkinds = (int)n;
    Py_RETURN_NONE;
fail:
    /* Only reached at import, which then fails: the partial table is simply not installed. */
    Py_DECREF(fast);
    return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* dumps                                                                                       */

typedef struct {
    char *buf;
    size_t len, cap;
} Out;

static int out_reserve(Out *o, size_t more)
{
    if (o->len + more <= o->cap) return 1;
    size_t cap = o->cap ? o->cap : 256;
    while (cap < o->len + more) cap *= 2;
    char *b = PyMem_Realloc(o->buf, cap);
    if (!b) return 0;
    o->buf = b;
    o->cap = cap;
    return 1;
}

INLINE int out_put(Out *o, const char *s, size_t n)
{
    if (!out_reserve(o, n)) return 0;
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    return 1;
}

/* What json's encoder writes for a str with ensure_ascii=False. */
static int out_string(Out *o, const char *s, Py_ssize_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (!out_reserve(o, (size_t)n * 6 + 2)) return 0;
    char *d = o->buf + o->len;
    *d++ = '"';
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b >= 0x20 && b != '"' && b != '\\') {
            *d++ = (char)b;
            continue;
        }
        *d++ = '\\';
        switch (b) {
        case '"': *d++ = '"'; break;
        case '\\': *d++ = '\\'; break;
        case '\b': *d++ = 'b'; break;
        case '\f': *d++ = 'f'; break;
        case '\n': *d++ = 'n'; break;
        case '\r': *d++ = 'r'; break;
        case '\t': *d++ = 't'; break;
        default:
            *d++ = 'u';
            *d++ = '0';
            *d++ = '0';
            *d++ = hex[b >> 4];
            *d++ = hex[b & 15];
        }
    }
    *d++ = '"';
    o->len = (size_t)(d - o->buf);
    return 1;
}

typedef struct {
    const char *k;
    Py_ssize_t kl;
    PyObject *v;
} Item;

static int item_cmp(const void *a, const void *b)
{
    const Item *x = a, *y = b;
    Py_ssize_t m = x->kl < y->kl ? x->kl : y->kl;
    int r = memcmp(x->k, y->k, (size_t)m);
    if (r) return r;
    return (x->kl > y->kl) - (x->kl < y->kl);
}

/* 1: written; 0: not plain (or a value the reference must judge); -1: a Python error. */
static int encode(Out *o, PyObject *v, int depth)
{
    if (depth > MAX_DEPTH) return 0;
    if (v == Py_None) return out_put(o, "null", 4) ? 1 : -1;
    if (v == Py_True) return out_put(o, "true", 4) ? 1 : -1;
    if (v == Py_False) return out_put(o, "false", 5) ? 1 : -1;
    if (PyUnicode_CheckExact(v)) {
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(v, &n);
        if (!s) { /* a lone surrogate: the reference raises */
            PyErr_Clear();
            return 0;
        }
        return out_string(o, s, n) ? 1 : -1;
    }
    if (PyLong_CheckExact(v)) {
        int overflow;
        long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (overflow) return 0;
        if (x == -1 && PyErr_Occurred()) return -1;
        char text[24];
        int n = snprintf(text, sizeof text, "%lld", x);
        return out_put(o, text, (size_t)n) ? 1 : -1;
    }
    if (PyList_CheckExact(v) || PyTuple_CheckExact(v)) {
        PyObject **items = PySequence_Fast_ITEMS(v);
        Py_ssize_t n = PySequence_Fast_GET_SIZE(v);
        if (!out_put(o, "[", 1)) return -1;
        for (Py_ssize_t i = 0; i < n; i++) {
            if (i && !out_put(o, ",", 1)) return -1;
            int r = encode(o, items[i], depth + 1);
            if (r <= 0) return r;
        }
        return out_put(o, "]", 1) ? 1 : -1;
    }
    if (PyDict_CheckExact(v)) {
        Py_ssize_t n = PyDict_GET_SIZE(v), pos = 0, i = 0;
        PyObject *key, *value;
        Item stack[16];
        Item *items = n <= 16 ? stack : PyMem_Malloc((size_t)n * sizeof(Item));
        int r = 1;
        if (!items) return -1;
        while (PyDict_Next(v, &pos, &key, &value)) {
            if (!PyUnicode_CheckExact(key)) {
                r = 0;
                break;
            }
            items[i].k = PyUnicode_AsUTF8AndSize(key, &items[i].kl);
            if (!items[i].k) {
                PyErr_Clear();
                r = 0;
                break;
            }
            items[i].v = value;
            i++;
        }
        if (r == 1) {
            /* UTF-8 byte order is code point order: the order of sorted(dict.items()). */
            qsort(items, (size_t)n, sizeof(Item), item_cmp);
            if (!out_put(o, "{", 1)) r = -1;
            for (Py_ssize_t j = 0; r == 1 && j < n; j++) {
                if ((j && !out_put(o, ",", 1)) || !out_string(o, items[j].k, items[j].kl) ||
                    !out_put(o, ":", 1)) {
                    r = -1;
                    break;
                }
                r = encode(o, items[j].v, depth + 1);
            }
            if (r == 1 && !out_put(o, "}", 1)) r = -1;
        }
        if (items != stack) PyMem_Free(items);
        return r;
    }
    return 0;
}

static PyObject *py_dumps(PyObject *self, PyObject *arg)
{
    Out o = {NULL, 0, 0};
    int r = encode(&o, arg, 0);
    PyObject *result;
    if (r < 0) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        result = NULL;
    }
    else if (r == 0) {
        result = Py_NewRef(Py_None);
    }
    else {
        result = PyBytes_FromStringAndSize(o.buf, (Py_ssize_t)o.len);
    }
    PyMem_Free(o.buf);
    return result;
}

/* ------------------------------------------------------------------------------------------ */

static PyMethodDef methods[] = {
    {"leaf_hashes", py_leaf_hashes, METH_O, "SHA-256(0x00 ‖ leaf) of each leaf, concatenated."},
    {"node_level", py_node_level, METH_O,
     "SHA-256(0x01 ‖ left ‖ right) of each pair of 32-byte hashes, concatenated."},
    {"record_damage", py_record_damage, METH_VARARGS,
     "record_damage(blob, bounds) -> the first record not ending in its only newline, or -1."},
    {"fingerprint", py_fingerprint, METH_O, "A 64-bit fingerprint of bytes (signed)."},
    {"check_events", py_check_events, METH_VARARGS,
     "check_events(first_seq, leaves, records) -> (leaf hashes, fingerprints, unsure, erased)."},
    {"set_kinds", py_set_kinds, METH_VARARGS, "Install the kinds table (once)."},
    {"dumps", py_dumps, METH_O, "Canonical JSON of a plain value, or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "polemica.ledger._native", NULL, -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void)
{
#ifdef POLEMICA_EVP
    if (!sha256_md && !(sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL))) {
        PyErr_SetString(PyExc_ImportError, "libcrypto has no SHA-256");
        return NULL;
    }
#endif
    return PyModule_Create(&module);
}

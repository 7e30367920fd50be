package cn.tongban.hub.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * The byte form that record hashes and checkpoint signatures are computed over (docs/audit.md,
 * "Canonical form"). Every value is length-prefixed, so no choice of field content can make
 * two different records encode alike, and an offline verifier in any language needs no JSON
 * or CSV rules to recompute it:
 *
 * <ul>
 *   <li>text: 4-byte big-endian length of its UTF-8 bytes, then the bytes; null is the length
 *       {@code 0xFFFFFFFF} and no bytes (so null and "" differ);</li>
 *   <li>list of text: 4-byte big-endian count, then each element as text;</li>
 *   <li>integer: 8 bytes, big-endian two's complement;</li>
 *   <li>instant: as text, ISO-8601 in UTC with exactly six fractional digits,
 *       {@code 2026-11-23T09:30:00.123456Z} (PostgreSQL keeps microseconds, so the hub truncates
 *       to them before hashing).</li>
 * </ul>
 *
 * A writer is reused (not thread-safe): {@link #reset()} between values.
 */
final class Canonical {

    /** Domain tag that starts every record's canonical form. */
    static final String RECORD_TAG = "tongban-hub/audit-record/v1";
    /** Domain tag that starts every checkpoint's signed form. */
    static final String CHECKPOINT_TAG = "tongban-hub/audit-checkpoint/v1";

    private static final int NULL_LENGTH = 0xFFFFFFFF;

    private byte[] buf = new byte[512];
    private int len;

    Canonical reset() {
        len = 0;
        return this;
    }

    Canonical text(String s) {
        if (s == null) {
            u32(NULL_LENGTH);
            return this;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        put(b);
        return this;
    }

    Canonical list(List<String> values) {
        u32(values.size());
        for (String v : values) {
            text(v);
        }
        return this;
    }

    Canonical u64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (v >>> shift);
        }
        return this;
    }

    Canonical instant(Instant at) {
        return text(at == null ? null : instantText(at));
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Feeds the bytes written so far to {@code hasher} and returns its digest. */
    byte[] digest(HashAlgorithm.Hasher hasher) {
        hasher.update(buf, 0, len);
        return hasher.digest();
    }

    private void u32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    /** {@code uuuu-MM-ddTHH:mm:ss.ffffffZ} in UTC; years 0000-9999 only. */
    static String instantText(Instant at) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("audit time out of range: " + at);
        }
        char[] c = new char[27];
        pad(c, 0, t.getYear(), 4);
        c[4] = '-';
        pad(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        pad(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        pad(c, 11, t.getHour(), 2);
        c[13] = ':';
        pad(c, 14, t.getMinute(), 2);
        c[16] = ':';
        pad(c, 17, t.getSecond(), 2);
        c[19] = '.';
        pad(c, 20, at.getNano() / 1000, 6);
        c[26] = 'Z';
        return new String(c);
    }

    /** The precision the store keeps. */
    static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    private static void pad(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}

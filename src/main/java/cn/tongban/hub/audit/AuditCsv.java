package cn.tongban.hub.audit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads the CSV that PostgreSQL writes for {@code COPY ... TO ... CSV HEADER} (psql's
 * {@code \copy}): RFC 4180 quoting, NULL as an unquoted empty field (an empty string is
 * {@code ""}), {@code text[]} in PostgreSQL's array syntax, {@code timestamptz} in the
 * session's time zone ({@code 2026-11-23 17:30:00.123456+08}). Columns are found by their
 * header names, so their order does not matter.
 */
final class AuditCsv implements AutoCloseable {

    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private final StringBuilder field = new StringBuilder();
    private int pos;
    private int lim;
    private final Map<String, Integer> columns = new HashMap<>();
    private final String file;
    private long line;

    AuditCsv(Path path) throws IOException {
        this(new java.io.InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8), path.getFileName().toString());
    }

    AuditCsv(Reader reader, String file) throws IOException {
        this.in = reader;
        this.file = file;
        List<String> header = row();
        if (header == null) {
            throw new AuditArchiveFile.MalformedLine(file + " is empty (no header line)");
        }
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
    }

    /** Fails unless every named column is present. */
    AuditCsv require(String... names) {
        for (String n : names) {
            if (!columns.containsKey(n)) {
                throw new AuditArchiveFile.MalformedLine(file + " has no column " + n);
            }
        }
        return this;
    }

    Iterator<AuditRecord> records() {
        require("seq", "at", "client", "operator", "matter", "case_number", "subject_key", "action", "fields", "sources",
                "outcome", "response_hash", "prev_hash", "record_hash", "hash_alg");
        return rows(r -> new AuditRecord(number(r, "seq"), instant(r, "at"), get(r, "client"), get(r, "operator"),
                get(r, "matter"), get(r, "case_number"), get(r, "subject_key"), get(r, "action"), array(r, "fields"),
                array(r, "sources"), get(r, "outcome"), get(r, "response_hash"), get(r, "prev_hash"), get(r, "record_hash"),
                get(r, "hash_alg")));
    }

    Iterator<AuditCheckpoint> checkpoints() {
        require("id", "from_seq", "to_seq", "merkle_root", "hash_alg", "signature", "signature_alg", "key_id", "created_at");
        return rows(r -> new AuditCheckpoint(number(r, "id"), number(r, "from_seq"), number(r, "to_seq"), get(r, "merkle_root"),
                get(r, "hash_alg"), get(r, "signature"), get(r, "signature_alg"), get(r, "key_id"), instant(r, "created_at")));
    }

    Iterator<AuditVerifier.Head> heads() {
        require("last_seq", "last_hash");
        return rows(r -> new AuditVerifier.Head(number(r, "last_seq"), get(r, "last_hash")));
    }

    Iterator<AuditArchives.Row> archives() {
        require("from_seq", "to_seq", "last_hash", "file", "file_digest", "hash_alg");
        return rows(r -> new AuditArchives.Row(number(r, "from_seq"), number(r, "to_seq"), get(r, "last_hash"), get(r, "file"),
                get(r, "file_digest"), get(r, "hash_alg")));
    }

    private interface RowMapper<T> {
        T map(List<String> row);
    }

    private <T> Iterator<T> rows(RowMapper<T> mapper) {
        return new Iterator<>() {
            private List<String> next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = row();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<String> r = next;
                next = null;
                if (r.size() != columns.size()) {
                    throw malformed("has " + r.size() + " fields, the header " + columns.size());
                }
                return mapper.map(r);
            }
        };
    }

    private String get(List<String> row, String column) {
        return row.get(columns.get(column));
    }

    private long number(List<String> row, String column) {
        String v = get(row, column);
        try {
            return Long.parseLong(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw malformed("column " + column + " is not a number");
        }
    }

    private Instant instant(List<String> row, String column) {
        String v = get(row, column);
        if (v == null) {
            return null;
        }
        try {
            return timestamp(v);
        } catch (DateTimeParseException e) {
            throw malformed("column " + column + " is not a timestamp");
        }
    }

    private List<String> array(List<String> row, String column) {
        String v = get(row, column);
        if (v == null) {
            return List.of();
        }
        try {
            return textArray(v);
        } catch (IllegalArgumentException e) {
            throw malformed("column " + column + " is not a text[]");
        }
    }

    private AuditArchiveFile.MalformedLine malformed(String what) {
        return new AuditArchiveFile.MalformedLine(file + " line " + line + " " + what);
    }

    /** The next row (fields; null for NULL), or null at the end of the file. */
    private List<String> row() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        line++;
        List<String> fields = new ArrayList<>(columns.isEmpty() ? 16 : columns.size());
        StringBuilder f = field;
        f.setLength(0);
        boolean quoted = false;
        boolean inQuotes = false;
        while (true) {
            if (inQuotes) {
                if (c == -1) {
                    throw malformed("ends inside a quoted field");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        f.append('"');
                    } else {
                        inQuotes = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    f.append((char) c);
                }
            } else if (c == '"' && f.length() == 0 && !quoted) {
                inQuotes = true;
                quoted = true;
            } else if (c == ',' || c == '\n' || c == '\r' || c == -1) {
                fields.add(quoted || f.length() > 0 ? f.toString() : null);
                f.setLength(0);
                quoted = false;
                if (c == '\r') {
                    if (peek() == '\n') {
                        read();
                    }
                    return fields;
                }
                if (c != ',') {
                    return fields;
                }
            } else {
                f.append((char) c);
            }
            c = read();
        }
    }

    /** Unsynchronised buffering: BufferedReader.read() locks on every character. */
    private int read() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buf[pos++];
    }

    private int peek() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buf[pos];
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        pos = 0;
        lim = Math.max(n, 0);
        return n > 0;
    }

    /** A PostgreSQL timestamptz as text output: {@code 2026-11-23 17:30:00.123456+08} (or ISO-8601). */
    static Instant timestamp(String v) {
        Instant fast = timestampFast(v);
        if (fast != null) {
            return fast;
        }
        String t = v.trim().replace(' ', 'T');
        int sign = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
        if (t.endsWith("Z")) {
            return Instant.parse(t);
        }
        if (sign < 11) {
            throw new DateTimeParseException("no time zone offset", v, 0);
        }
        String offset = t.substring(sign);
        if (offset.length() == 3) {
            offset = offset + ":00";
        }
        return OffsetDateTime.parse(t.substring(0, sign) + offset).toInstant();
    }

    /** {@code uuuu-MM-dd HH:mm:ss[.f...]±HH[:mm[:ss]]} without the formatter machinery; null if it is not that shape. */
    private static Instant timestampFast(String v) {
        int n = v.length();
        if (n < 22 || v.charAt(4) != '-' || v.charAt(7) != '-' || v.charAt(10) != ' ' && v.charAt(10) != 'T'
                || v.charAt(13) != ':' || v.charAt(16) != ':') {
            return null;
        }
        try {
            int i = 19;
            int nanos = 0;
            if (v.charAt(i) == '.') {
                i++;
                int digits = 0;
                while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                    if (digits < 9) {
                        nanos = nanos * 10 + (v.charAt(i) - '0');
                        digits++;
                    }
                    i++;
                }
                for (; digits < 9; digits++) {
                    nanos *= 10;
                }
            }
            char sign = v.charAt(i);
            if (sign != '+' && sign != '-' || i + 3 > n) {
                return null;
            }
            int offset = digits(v, i + 1, i + 3) * 3600;
            i += 3;
            if (i < n && v.charAt(i) == ':') {
                offset += digits(v, i + 1, i + 3) * 60;
                i += 3;
                if (i < n && v.charAt(i) == ':') {
                    offset += digits(v, i + 1, i + 3);
                    i += 3;
                }
            }
            if (i != n) {
                return null;
            }
            long day = java.time.LocalDate.of(digits(v, 0, 4), digits(v, 5, 7), digits(v, 8, 10)).toEpochDay();
            long secs = day * 86_400 + digits(v, 11, 13) * 3600L + digits(v, 14, 16) * 60L + digits(v, 17, 19);
            return Instant.ofEpochSecond(secs - (sign == '+' ? offset : -offset), nanos);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int digits(String v, int from, int to) {
        if (to > v.length()) {
            throw new IllegalArgumentException("short");
        }
        int out = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit");
            }
            out = out * 10 + (c - '0');
        }
        return out;
    }

    /** PostgreSQL's text[] output: {@code {a,"b c","d\"e",NULL}}. */
    static List<String> textArray(String v) {
        String s = v.trim();
        if (s.length() < 2 || s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
            throw new IllegalArgumentException("not an array literal");
        }
        List<String> out = new ArrayList<>();
        if (s.length() == 2) {
            return out;
        }
        int i = 1;
        int end = s.length() - 1;
        while (i <= end) {
            StringBuilder e = new StringBuilder();
            if (s.charAt(i) == '"') {
                i++;
                while (i < end && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\') {
                        i++;
                    }
                    e.append(s.charAt(i++));
                }
                if (i >= end) {
                    throw new IllegalArgumentException("unterminated element");
                }
                i++;
                out.add(e.toString());
            } else {
                while (i < end && s.charAt(i) != ',') {
                    e.append(s.charAt(i++));
                }
                String el = e.toString().trim();
                out.add("NULL".equalsIgnoreCase(el) ? null : el);
            }
            if (i < end && s.charAt(i) != ',') {
                throw new IllegalArgumentException("expected a comma");
            }
            i++;
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package cn.tongban.hub.audit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An archive file: records moved out of {@code audit_log} past retention, with their
 * checkpoints, as gzip-compressed JSON lines (docs/audit.md, "Archive files"). The first
 * line is a header ({@code format}, {@code fromSeq}, {@code toSeq}, {@code prevHash} the
 * first record is chained to, {@code lastHash}); then one line per checkpoint
 * ({@code "type":"checkpoint"}), then one per record ({@code "type":"record"}) in seq order,
 * each with the table's columns under their camel-case names and times in the canonical form.
 */
final class AuditArchiveFile {

    static final String FORMAT = "tongban-hub/audit-archive/v1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /** The header line. */
    record Header(long fromSeq, long toSeq, String prevHash, String lastHash, long records, long checkpoints) {
    }

    private AuditArchiveFile() {
    }

    /** Starts a file: the header, then {@link #checkpoint} and {@link #record} lines. */
    static final class Writing implements AutoCloseable {

        private final Writer out;

        Writing(OutputStream raw, Header h) throws IOException {
            this.out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(raw, 1 << 16), StandardCharsets.UTF_8),
                    1 << 16);
            line(g -> {
                g.writeStringField("format", FORMAT);
                g.writeNumberField("fromSeq", h.fromSeq());
                g.writeNumberField("toSeq", h.toSeq());
                g.writeStringField("prevHash", h.prevHash());
                g.writeStringField("lastHash", h.lastHash());
                g.writeNumberField("records", h.records());
                g.writeNumberField("checkpoints", h.checkpoints());
            });
        }

        void checkpoint(AuditCheckpoint c) throws IOException {
            line(g -> {
                g.writeStringField("type", "checkpoint");
                g.writeNumberField("id", c.id());
                g.writeNumberField("fromSeq", c.fromSeq());
                g.writeNumberField("toSeq", c.toSeq());
                g.writeStringField("merkleRoot", c.merkleRoot());
                g.writeStringField("hashAlg", c.hashAlg());
                g.writeStringField("signature", c.signature());
                g.writeStringField("signatureAlg", c.signatureAlg());
                g.writeStringField("keyId", c.keyId());
                g.writeStringField("createdAt", Canonical.instantText(c.createdAt()));
            });
        }

        void record(AuditRecord r) throws IOException {
            line(g -> {
                g.writeStringField("type", "record");
                g.writeNumberField("seq", r.seq());
                g.writeStringField("at", Canonical.instantText(r.at()));
                g.writeStringField("client", r.client());
                g.writeStringField("operator", r.operator());
                g.writeStringField("matter", r.matter());
                g.writeStringField("caseNumber", r.caseNumber());
                g.writeStringField("subjectKey", r.subjectKey());
                g.writeStringField("action", r.action());
                array(g, "fields", r.fields());
                array(g, "sources", r.sources());
                g.writeStringField("outcome", r.outcome());
                g.writeStringField("responseHash", r.responseHash());
                g.writeStringField("prevHash", r.prevHash());
                g.writeStringField("recordHash", r.recordHash());
                g.writeStringField("hashAlg", r.hashAlg());
            });
        }

        private interface Fields {
            void write(JsonGenerator g) throws IOException;
        }

        private void line(Fields fields) throws IOException {
            JsonGenerator g = FACTORY.createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
            g.flush();
            out.write('\n');
        }

        private static void array(JsonGenerator g, String name, List<String> values) throws IOException {
            g.writeArrayFieldStart(name);
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads a file: the header and checkpoints at once, the records as a stream. */
    static final class Reading implements AutoCloseable {

        private final BufferedReader in;
        private final Header header;
        private final List<AuditCheckpoint> checkpoints = new ArrayList<>();
        private String pending;

        Reading(Path file) throws IOException {
            this(Files.newInputStream(file));
        }

        Reading(InputStream raw) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8), 1 << 16);
            try {
                JsonNode h = JSON.readTree(require(in.readLine()));
                if (!FORMAT.equals(h.path("format").asText())) {
                    throw new MalformedLine("not an audit archive (format " + h.path("format").asText() + ")");
                }
                header = new Header(h.path("fromSeq").asLong(), h.path("toSeq").asLong(), text(h, "prevHash"), text(h, "lastHash"),
                        h.path("records").asLong(), h.path("checkpoints").asLong());
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode n = JSON.readTree(line);
                    if (!"checkpoint".equals(n.path("type").asText())) {
                        pending = line;
                        break;
                    }
                    checkpoints.add(new AuditCheckpoint(n.path("id").asLong(), n.path("fromSeq").asLong(), n.path("toSeq").asLong(),
                            text(n, "merkleRoot"), text(n, "hashAlg"), text(n, "signature"), text(n, "signatureAlg"),
                            text(n, "keyId"), instant(n, "createdAt")));
                }
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e instanceof MalformedLine m ? m : new MalformedLine("unreadable archive header or checkpoint: " + e.getMessage());
            }
        }

        Header header() {
            return header;
        }

        List<AuditCheckpoint> checkpoints() {
            return checkpoints;
        }

        /** The records; a line that is not a record surfaces as {@link MalformedLine}. */
        Iterator<AuditRecord> records() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    if (pending == null) {
                        try {
                            pending = in.readLine();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    return pending != null;
                }

                @Override
                public AuditRecord next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    String line = pending;
                    pending = null;
                    return record(line);
                }
            };
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    static AuditRecord record(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (!"record".equals(n.path("type").asText()) || !n.path("seq").canConvertToLong()) {
                throw new MalformedLine("an archive line is not a record");
            }
            return new AuditRecord(n.path("seq").asLong(), instant(n, "at"), text(n, "client"), text(n, "operator"),
                    text(n, "matter"), text(n, "caseNumber"), text(n, "subjectKey"), text(n, "action"), texts(n, "fields"),
                    texts(n, "sources"), text(n, "outcome"), text(n, "responseHash"), text(n, "prevHash"), text(n, "recordHash"),
                    text(n, "hashAlg"));
        } catch (IOException | RuntimeException e) {
            throw e instanceof MalformedLine m ? m : new MalformedLine("an archive line cannot be read as a record");
        }
    }

    private static String require(String line) {
        if (line == null) {
            throw new MalformedLine("empty archive");
        }
        return line;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> texts(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        n.path(field).forEach(v -> out.add(v.isNull() ? null : v.asText()));
        return out;
    }

    private static Instant instant(JsonNode n, String field) {
        String v = text(n, field);
        return v == null ? null : Instant.parse(v);
    }

    /** A line of an archive (or export) that cannot be read; verification reports AUDIT_EXPORT_MALFORMED. */
    static final class MalformedLine extends RuntimeException {

        MalformedLine(String message) {
            super(message);
        }
    }
}

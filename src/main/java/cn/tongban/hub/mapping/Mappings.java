package cn.tongban.hub.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled mapping files under {@code hub.mappings-dir}, one per silo. Loaded once at
 * start; a broken file stops the start. With reloading on (the {@code demo} profile only),
 * {@link #reloadIfChanged()} recompiles changed files; a broken edit is logged with its
 * file and line and the last good mapping stays in force.
 */
public final class Mappings {

    private static final Logger log = LoggerFactory.getLogger(Mappings.class);

    private final Path dir;
    private volatile MappingLoader loader;
    private volatile Map<String, CompiledMapping> byId;
    private volatile Map<Path, FileTime> stamps;
    private volatile List<String> lastErrors = List.of();

    private Mappings(Path dir, MappingLoader loader) {
        this.dir = dir;
        this.loader = loader;
    }

    public static Mappings load(Path dir, CodeLists codeLists) {
        Mappings m = new Mappings(dir, new MappingLoader(codeLists));
        Map<Path, FileTime> stamps = new TreeMap<>();
        Map<String, CompiledMapping> compiled = new TreeMap<>();
        for (Path file : m.files()) {
            stamps.put(file, modified(file));
            CompiledMapping c = m.loader.load(file);
            compiled.put(c.id(), c);
        }
        for (Path file : listFiles(dir.resolve("codelists"))) {
            stamps.put(file, modified(file));
        }
        m.byId = Map.copyOf(compiled);
        m.stamps = Map.copyOf(stamps);
        return m;
    }

    /** The mapping with this id (file base name: {@code market-regulation}, {@code social-insurance.unit}). */
    public Optional<CompiledMapping> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public CompiledMapping require(String id) {
        CompiledMapping c = byId.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no mapping file '" + id + "' in " + dir + " (known: " + byId.keySet() + ")");
        }
        return c;
    }

    public Collection<CompiledMapping> all() {
        return byId.values();
    }

    /** Problems of the last reload, as {@code file:line: reason}; empty when every file compiled. */
    public List<String> lastErrors() {
        return lastErrors;
    }

    /**
     * Recompiles the files changed since the last look; returns the mappings reloaded. A
     * changed code list (under {@code codelists/}) reloads the lists and recompiles every
     * mapping, since any of them may name it.
     */
    public synchronized List<String> reloadIfChanged() {
        Map<Path, FileTime> now = new TreeMap<>();
        for (Path f : files()) {
            now.put(f, modified(f));
        }
        Path listsDir = dir.resolve("codelists");
        for (Path f : listFiles(listsDir)) {
            now.put(f, modified(f));
        }
        if (now.equals(stamps)) {
            return List.of();
        }
        boolean listsChanged = now.entrySet().stream().anyMatch(e -> e.getKey().startsWith(listsDir)
                && !e.getValue().equals(stamps.get(e.getKey())))
                || stamps.keySet().stream().anyMatch(p -> p.startsWith(listsDir) && !now.containsKey(p));
        List<String> errors = new ArrayList<>();
        if (listsChanged) {
            try {
                loader = new MappingLoader(CodeLists.load(listsDir));
                log.info("Reloaded code lists from {}", listsDir);
            } catch (RuntimeException ex) {
                errors.add(ex.getMessage());
                log.error("Code lists not reloaded, the previous ones stay in force: {}", ex.getMessage());
                listsChanged = false;
            }
        }
        Map<String, CompiledMapping> next = new TreeMap<>(byId);
        List<String> reloaded = new ArrayList<>();
        for (Map.Entry<Path, FileTime> e : now.entrySet()) {
            if (e.getKey().startsWith(listsDir) || (!listsChanged && e.getValue().equals(stamps.get(e.getKey())))) {
                continue;
            }
            try {
                CompiledMapping c = loader.load(e.getKey());
                next.put(c.id(), c);
                reloaded.add(c.id());
                log.info("Reloaded mapping {} ({})", c.id(), e.getKey());
            } catch (MappingFileException ex) {
                errors.add(ex.getMessage());
                log.error("Mapping file not reloaded, the previous version stays in force: {}", ex.getMessage());
            }
        }
        byId = Map.copyOf(next);
        stamps = Map.copyOf(now);
        lastErrors = List.copyOf(errors);
        return reloaded;
    }

    private List<Path> files() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("mappings folder " + dir + " cannot be read", e);
        }
    }

    private static List<Path> listFiles(Path listsDir) {
        if (!Files.isDirectory(listsDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(listsDir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}

package cn.tongban.hub.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** All code lists under {@code mappings/codelists/}, read once at start. */
public final class CodeLists {

    private record CodeListFile(String id, String description, String source, List<CodeList.Entry> entries) {
    }

    private final Map<String, CodeList> lists;

    private CodeLists(Map<String, CodeList> lists) {
        this.lists = lists;
    }

    public static CodeLists load(Path dir) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        Map<String, CodeList> lists = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = new ArrayList<>(files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
            for (Path file : sorted) {
                CodeListFile f;
                try {
                    f = yaml.readValue(file.toFile(), CodeListFile.class);
                } catch (IOException e) {
                    throw new IllegalStateException("code list " + file + " cannot be read: " + e.getMessage(), e);
                }
                String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
                if (!expected.equals(f.id())) {
                    throw new IllegalStateException("code list " + file + ": id '" + f.id() + "' must equal the file name '" + expected + "'");
                }
                lists.put(f.id(), new CodeList(f.id(), f.entries()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("code lists folder " + dir + " cannot be read", e);
        }
        return new CodeLists(Map.copyOf(lists));
    }

    public CodeList get(String id) {
        CodeList list = lists.get(id);
        if (list == null) {
            throw new IllegalArgumentException("no code list '" + id + "' (known: " + lists.keySet() + ")");
        }
        return list;
    }
}

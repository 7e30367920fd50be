package cn.tongban.hub.mapping;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a hub data file as a SnakeYAML node tree, which keeps the line of every entry, so
 * that a loader can name the line of each problem it finds.
 */
public final class YamlFiles {

    /** Makes the loader's own exception for a problem at a line. */
    @FunctionalInterface
    public interface Errors {
        DataFileException at(String file, int line, String reason);
    }

    private YamlFiles() {
    }

    /**
     * The file's top-level map.
     *
     * @param shape what the map holds, for the message when the file is something else
     */
    public static MappingNode readMap(Path file, String shape, Errors errors) {
        String name = file.toString();
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw errors.at(name, line, "not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw errors.at(name, 1, "cannot be read: " + e.getMessage());
        }
        if (!(root instanceof MappingNode top)) {
            throw errors.at(name, root == null ? 1 : line(root), shape);
        }
        return top;
    }

    /** 1-based line where a node starts. */
    public static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }
}

package cn.tongban.hub.matters;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The matters of {@code mappings/matters/}, compiled once at start, in code order. */
public final class MatterCatalogue {

    private final List<Matter> matters;

    public MatterCatalogue(List<Matter> matters) {
        this.matters = matters.stream().sorted(Comparator.comparing(Matter::code)).toList();
    }

    public List<Matter> all() {
        return matters;
    }

    /** Matters whose code, standard name or an alias contains the text; all when the text is blank. */
    public List<Matter> search(String text) {
        if (text == null || text.isBlank()) {
            return matters;
        }
        String t = text.strip();
        return matters.stream().filter(m -> m.mentions(t)).toList();
    }

    /** The matter with this code (any letter case), standard name or alias. */
    public Optional<Matter> find(String codeOrName) {
        if (codeOrName == null) {
            return Optional.empty();
        }
        String t = codeOrName.strip();
        return matters.stream().filter(m -> m.isNamed(t)).findFirst();
    }
}

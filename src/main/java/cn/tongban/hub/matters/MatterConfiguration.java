package cn.tongban.hub.matters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.tongban.hub.config.HubProperties;
import cn.tongban.hub.mapping.CodeLists;

/** Loads the matter catalogue at start; a broken matter file stops the start with file:line:reason. */
@Configuration(proxyBeanMethods = false)
class MatterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MatterConfiguration.class);

    /**
     * Matter types of GB/T 39554.1 basic codes: 行政许可 XK, 行政处罚 CF, 行政强制 QZ, 行政征收 ZS,
     * 行政给付 JF, 行政检查 JC, 行政确认 QR, 行政奖励 JL, 行政裁决 CJ, 其他行政权力 QT, 公共服务 GG.
     * DOMAIN.md 3 leaves the national list unconfirmed, hence configurable.
     */
    static final String DEFAULT_TYPES = "XK,CF,QZ,ZS,JF,JC,QR,JL,CJ,QT,GG";

    @Bean
    MatterCatalogue matterCatalogue(HubProperties hub, CodeLists codeLists,
                                    @Value("${hub.matters.dir:}") String dir,
                                    @Value("${hub.matters.types:" + DEFAULT_TYPES + "}") String types) {
        Path folder = dir == null || dir.isBlank() ? Path.of(hub.mappingsDir(), "matters") : Path.of(dir);
        Set<String> typeSet = new LinkedHashSet<>(Arrays.stream(types.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
        MatterCatalogue catalogue = new MatterCatalogue(new MatterLoader(typeSet, codeLists).loadAll(folder));
        log.info("Loaded {} matters from {}", catalogue.all().size(), folder);
        return catalogue;
    }
}

package cn.tongban.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void treatsTheSilosWaysOfSayingNothingAsNull() {
        assertThat(Values.text("")).isNull();
        assertThat(Values.text("   ")).isNull();
        assertThat(Values.text("null")).isNull();
        assertThat(Values.text("NULL")).isNull();
        assertThat(Values.text("无")).isNull();
        assertThat(Values.text(null)).isNull();
    }

    @Test
    void cleansFullWidthAndPaddedText() {
        assertThat(Values.text("芜湖Ａ８科技有限公司   ")).isEqualTo("芜湖A8科技有限公司");
        assertThat(Values.text("张\u3000三")).isEqualTo("张 三");
    }

    @Test
    void readsEveryDateFormatTheSilosUse() {
        LocalDate expected = LocalDate.of(2019, 3, 4);
        assertThat(Values.date("20190304")).isEqualTo(expected);
        assertThat(Values.date("2019-03-04")).isEqualTo(expected);
        assertThat(Values.date("2019年3月4日")).isEqualTo(expected);
        assertThat(Values.date("２０１９年３月４日")).isEqualTo(expected);
        long millis = expected.atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
        assertThat(Values.date(millis)).isEqualTo(expected);
        assertThat(Values.date(Long.toString(millis))).isEqualTo(expected);
        assertThat(Values.date("无")).isNull();
    }

    @Test
    void rejectsImpossibleAndUnknownDatesWithStableCodes() {
        assertThatThrownBy(() -> Values.date("20190230"))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.error()).isEqualTo(MappingError.DATE_INVALID));
        assertThatThrownBy(() -> Values.date("04/03/2019"))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.error()).isEqualTo(MappingError.DATE_FORMAT));
    }

    @Test
    void readsNumbersWithSeparatorsAndUnits() {
        assertThat(Values.decimal("1,000.50")).isEqualByComparingTo(new BigDecimal("1000.50"));
        assertThat(Values.decimal("500万元")).isEqualByComparingTo(new BigDecimal("500"));
        assertThat(Values.decimal(12)).isEqualByComparingTo(new BigDecimal("12"));
        assertThatThrownBy(() -> Values.decimal("很多"))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.error()).isEqualTo(MappingError.NUMBER_FORMAT));
    }
}

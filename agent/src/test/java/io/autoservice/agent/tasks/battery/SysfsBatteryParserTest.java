package io.autoservice.agent.tasks.battery;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SysfsBatteryParserTest {

  private static Path tree(String name) {
    return Fixtures.toolOutput("sysfs-power-supply", name);
  }

  private static List<BatteryReading> read(String name) throws Exception {
    return new SysfsBatterySource(tree(name)).batteries(null);
  }

  @Test
  void shouldReadAnEnergyBasedBatteryAndIgnoreTheMouse() throws Exception {
    List<BatteryReading> all = read("synthetic-laptop-energy-discharging");
    assertThat(all).hasSize(1);
    BatteryReading b = all.get(0);
    assertThat(b.id()).isEqualTo("BAT0");
    assertThat(b.source()).endsWith("BAT0");
    assertThat(b.vendor()).isEqualTo("LGC");
    assertThat(b.model()).isEqualTo("5B10W13930");
    assertThat(b.serialNumber()).as("trimmed").isEqualTo("12345");
    assertThat(b.technology()).isEqualTo("Li-poly");
    assertThat(b.state()).isEqualTo("Discharging");
    assertThat(b.cycleCount()).isEqualTo(145);
    assertThat(b.energyWh()).isEqualTo(42.5);
    assertThat(b.energyFullWh()).isEqualTo(48.1);
    assertThat(b.energyFullDesignWh()).isEqualTo(56.5);
    assertThat(b.voltageV()).isEqualTo(12.35);
    assertThat(b.percent()).isCloseTo(88.357, org.assertj.core.api.Assertions.within(0.001));
    assertThat(b.temperatureC()).isNull();
    assertThat(b.timeToEmptySeconds()).as("42.5 Wh at 12.44 W").isEqualTo(12299);
    assertThat(b.timeToFullSeconds()).isNull();
    BatteryReport r = BatteryReport.from(b);
    assertThat(r.capacityPercent()).isEqualTo(85.1);
    assertThat(r.healthVerdict()).isEqualTo("Good");
    assertThat(r.timeToEmpty()).isEqualTo("3h,24m,59s");
  }

  @Test
  void shouldConvertAChargeBasedBatteryWithTheDesignVoltage() throws Exception {
    BatteryReading b = read("synthetic-laptop-charge-charging").get(0);
    assertThat(b.id()).isEqualTo("BAT1");
    assertThat(b.energyWh()).isCloseTo(23.31, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(b.energyFullWh()).isCloseTo(46.62, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(b.energyFullDesignWh())
        .isCloseTo(48.84, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(b.percent()).isCloseTo(50.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(b.state()).isEqualTo("Charging");
    assertThat(b.temperatureC()).isEqualTo(28.3);
    assertThat(b.cycleCount()).isNull();
    assertThat(b.timeToFullSeconds()).as("23.31 Wh to go at 1.5 A × 12.1 V").isEqualTo(4623);
    assertThat(b.timeToEmptySeconds()).isNull();
    BatteryReport r = BatteryReport.from(b);
    assertThat(r.capacityPercent()).isEqualTo(95.5);
    assertThat(r.wearLevelPercent()).isEqualTo(4.5);
    assertThat(r.timeToFull()).isEqualTo("1h,17m,3s");
  }

  @Test
  void shouldPreferTheDriversTimeToEmpty() throws Exception {
    BatteryReading b = read("synthetic-laptop-critical-wear").get(0);
    assertThat(b.timeToEmptySeconds()).isEqualTo(4231);
    assertThat(BatteryReport.from(b).healthVerdict()).isEqualTo("Critical");
    assertThat(BatteryReport.from(b).capacityPercent()).isEqualTo(48.0);
  }

  @Test
  void shouldReadABatteryThatGivesOnlyItsChargeLevel() throws Exception {
    BatteryReading b = read("synthetic-battery-capacity-only").get(0);
    assertThat(b.percent()).isEqualTo(100.0);
    assertThat(b.state()).isEqualTo("Full");
    assertThat(b.technology()).isEqualTo("Unknown");
    assertThat(b.energyFullDesignWh()).isNull();
    assertThat(BatteryReport.from(b).healthVerdict()).isEqualTo("Unknown");
  }

  @Test
  void shouldSkipEmptyBaysAndKeepNameOrder() throws Exception {
    List<BatteryReading> all = read("synthetic-two-batteries-one-absent");
    assertThat(all).extracting(BatteryReading::id).containsExactly("BAT0", "BAT2");
    assertThat(all.get(1).state()).isEqualTo("Not charging");
  }

  @Test
  void shouldFindNoBatteryOnADesktopOrWithoutSysfs() throws Exception {
    assertThat(read("synthetic-desktop-no-battery")).isEmpty();
    assertThat(new SysfsBatterySource(Path.of("/no/such/power_supply")).batteries(null)).isEmpty();
  }

  @Test
  void shouldRuleOutWhatIsNotASystemBattery() {
    assertThat(SysfsBatteryParser.parse("AC", "s", Map.of("type", "Mains"))).isEmpty();
    assertThat(SysfsBatteryParser.parse("hid", "s", Map.of("type", "Battery", "scope", "Device")))
        .isEmpty();
    assertThat(SysfsBatteryParser.parse("BAT1", "s", Map.of("type", "Battery", "present", "0\n")))
        .isEmpty();
    assertThat(SysfsBatteryParser.parse("BAT0", "s", Map.of("type", "Battery\n"))).isPresent();
    assertThat(SysfsBatteryParser.parse("BAT0", "s", Map.of("type", "Battery", "scope", "System")))
        .isPresent();
  }

  @Test
  void shouldNeverThrowOnJunk() {
    Random rnd = new Random(7);
    for (int i = 0; i < 300; i++) {
      Map<String, String> a = new HashMap<>();
      a.put("type", "Battery");
      for (String k : SysfsBatterySource.ATTRIBUTES) {
        if (!k.equals("type") && rnd.nextBoolean()) {
          a.put(
              k,
              switch (rnd.nextInt(5)) {
                case 0 -> "";
                case 1 -> "NaN";
                case 2 -> Long.toString(rnd.nextLong());
                case 3 -> "-" + rnd.nextInt(1000);
                default -> "x\u0000y";
              });
        }
      }
      assertThat(SysfsBatteryParser.parse("BAT0", "s", a)).isPresent();
      BatteryReport.from(SysfsBatteryParser.parse("BAT0", "s", a).get()).text();
    }
    assertThat(SysfsBatteryParser.parse(null, null, null)).isEmpty();
  }
}

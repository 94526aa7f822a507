package io.autoservice.agent.tasks.battery;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.tasks.battery.PowercfgReportParser.Kind;
import io.autoservice.agent.tasks.battery.PowercfgReportParser.Report;
import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PowercfgReportParserTest {

  private static Report parse(String file) throws Exception {
    String text =
        new String(
            Files.readAllBytes(Fixtures.toolOutput("powercfg", file)), StandardCharsets.UTF_8);
    return PowercfgReportParser.parse(text);
  }

  @Test
  void shouldReadTheLaptopsBatteryFromAPartialReport() throws Exception {
    Report r = parse("batteryreport-xml-laptop-lenovo-83LY-partial-head.xml");
    assertThat(r.kind()).isEqualTo(Kind.XML);
    assertThat(r.platformRole()).isEqualTo("Mobile");
    assertThat(r.batteries()).hasSize(1);
    BatteryReading b = r.batteries().get(0);
    assertThat(b.id()).isEqualTo("L23B4PK4");
    assertThat(b.model()).isEqualTo("L23B4PK4");
    assertThat(b.vendor()).isEqualTo("BYD");
    assertThat(b.serialNumber()).as("leading space trimmed").isEqualTo("2545");
    assertThat(b.technology()).isEqualTo("Li-poly");
    assertThat(b.energyFullDesignWh()).isEqualTo(60.0);
    assertThat(b.energyFullWh()).isEqualTo(59.47);
    assertThat(b.cycleCount()).isEqualTo(33);
    // no RecentUsage in this partial copy: charge level and state unknown
    assertThat(b.percent()).isNull();
    assertThat(b.state()).isEqualTo("Unknown");
    assertThat(b.voltageV()).isNull();
    assertThat(b.source()).isEqualTo("powercfg /batteryreport");
    BatteryReport report = BatteryReport.from(b);
    assertThat(report.capacityPercent()).isEqualTo(99.1);
    assertThat(report.wearLevelPercent()).isEqualTo(0.9);
    assertThat(report.healthVerdict()).isEqualTo("Excellent");
  }

  @Test
  void shouldSeeNoBatteryInTheDesktopXmlReport() throws Exception {
    Report r = parse("batteryreport-xml-desktop-no-battery-win11-22621.xml");
    assertThat(r.kind()).isEqualTo(Kind.XML);
    assertThat(r.batteries()).isEmpty();
    assertThat(r.noBatteries()).isTrue();
    assertThat(r.platformRole()).isEqualTo("Desktop");
  }

  @Test
  void shouldSeeNoBatteryInTheDesktopHtmlReport() throws Exception {
    Report r = parse("batteryreport-html-desktop-no-battery-saved-as-xml.html");
    assertThat(r.kind()).isEqualTo(Kind.HTML);
    assertThat(r.batteries()).isEmpty();
    assertThat(r.noBatteries()).isTrue();
  }

  /** Hand-made: the laptop's battery plus a RecentUsage whose last entry is the report's own. */
  @Test
  void shouldTakeChargeAndStateFromTheLastUsageEntry() {
    String xml =
        """
        <BatteryReport xmlns="http://schemas.microsoft.com/battery/2012">
          <Batteries>
            <Battery>
              <Id>5B10W13930</Id><Manufacturer>LGC &amp; Co</Manufacturer><SerialNumber>1234</SerialNumber>
              <Chemistry>LION</Chemistry><DesignCapacity>57000</DesignCapacity>
              <FullChargeCapacity>45600</FullChargeCapacity><CycleCount>412</CycleCount>
            </Battery>
          </Batteries>
          <RecentUsage>
            <UsageEntry Timestamp="2024-01-01T10:00:00Z" Ac="1" EntryType="Active" ChargeCapacity="45600" FullChargeCapacity="45600" />
            <UsageEntry Timestamp="2024-01-01T12:00:00Z" Ac="0" EntryType="ReportGenerated" ChargeCapacity="22800" FullChargeCapacity="45600" />
          </RecentUsage>
        </BatteryReport>
        """;
    BatteryReading b = PowercfgReportParser.parse(xml).batteries().get(0);
    assertThat(b.vendor()).isEqualTo("LGC & Co");
    assertThat(b.technology()).isEqualTo("Li-ion");
    assertThat(b.percent()).isEqualTo(50.0);
    assertThat(b.state()).isEqualTo("Discharging");
    assertThat(b.energyWh()).isEqualTo(22.8);
    assertThat(BatteryReport.from(b).healthVerdict()).isEqualTo("Good");
    String charging = xml.replace("Ac=\"0\"", "Ac=\"1\"");
    assertThat(PowercfgReportParser.parse(charging).batteries().get(0).state())
        .isEqualTo("Charging");
    String full = charging.replace("ChargeCapacity=\"22800\"", "ChargeCapacity=\"45600\"");
    assertThat(PowercfgReportParser.parse(full).batteries().get(0).state()).isEqualTo("Full");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "45123",
        "45 123 mWh",
        "45.123 mWh",
        "45,123 mWh",
        "45\u00A0123 mWh",
        "45\u202F123 mWh",
        "45'123 mWh"
      })
  void shouldReadCapacitiesGroupedAsTheDisplayLanguageWritesThem(String printed) {
    String xml =
        "<BatteryReport><Batteries><Battery><Id>X</Id><DesignCapacity>"
            + printed
            + "</DesignCapacity><FullChargeCapacity>40 000 mWh</FullChargeCapacity><CycleCount>1.204</CycleCount>"
            + "</Battery></Batteries></BatteryReport>";
    BatteryReading b = PowercfgReportParser.parse(xml).batteries().get(0);
    assertThat(b.energyFullDesignWh()).isEqualTo(45.123);
    assertThat(b.energyFullWh()).isEqualTo(40.0);
    assertThat(b.cycleCount()).isEqualTo(1204);
  }

  @Test
  void shouldMapChemistryCodes() {
    assertThat(PowercfgReportParser.chemistry("LiP")).isEqualTo("Li-poly");
    assertThat(PowercfgReportParser.chemistry("Li-I")).isEqualTo("Li-ion");
    assertThat(PowercfgReportParser.chemistry("PbAc")).isEqualTo("Lead-acid");
    assertThat(PowercfgReportParser.chemistry("XYZ")).isEqualTo("XYZ");
    assertThat(PowercfgReportParser.chemistry(null)).isEqualTo("Unknown");
  }

  @Test
  void shouldNeverThrowOnJunk() throws Exception {
    assertThat(PowercfgReportParser.parse(null).kind()).isEqualTo(Kind.UNKNOWN);
    assertThat(PowercfgReportParser.parse("Battery life report saved to C:\\x.html").kind())
        .isEqualTo(Kind.UNKNOWN);
    assertThat(
            PowercfgReportParser.parse("<BatteryReport><Batteries><Battery><Id>&#99999999;</Id>")
                .batteries())
        .hasSize(1);
    String full =
        new String(
            Files.readAllBytes(
                Fixtures.toolOutput(
                    "powercfg", "batteryreport-xml-desktop-no-battery-win11-22621.xml")),
            StandardCharsets.UTF_8);
    Random rnd = new Random(3);
    for (int i = 0; i < 200; i++) {
      int a = rnd.nextInt(full.length());
      PowercfgReportParser.parse(full.substring(0, a));
      PowercfgReportParser.parse(full.substring(a));
    }
  }
}

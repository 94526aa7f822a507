package io.autoservice.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnrollmentTokenTest {
  private final byte[] ca = new byte[32];

  @Test
  void aTokenSurvivesPrintingAndPastingWithBlanksAround() throws Exception {
    ca[0] = 7;
    EnrollmentToken t = EnrollmentToken.fresh(ca, new SecureRandom());

    EnrollmentToken back = EnrollmentToken.parse("  " + t.format() + "\n");

    assertThat(back).isEqualTo(t);
    assertThat(t.format()).startsWith("AS1.").hasSize(4 + 43 + 1 + 43);
    assertThat(back.caFingerprintHex()).startsWith("07").hasSize(64);
  }

  @Test
  void twoTokensNeverShareASecret() {
    SecureRandom r = new SecureRandom();
    assertThat(EnrollmentToken.fresh(ca, r).format())
        .isNotEqualTo(EnrollmentToken.fresh(ca, r).format());
  }

  @Test
  void toStringNeverShowsTheSecret() {
    EnrollmentToken t = EnrollmentToken.fresh(ca, new SecureRandom());
    String secretPart = t.format().split("\\.")[1];
    assertThat(t.toString()).doesNotContain(secretPart);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "AS2.abc.def", "AS1.only-one-part", "AS1.!!!.???", "AS1.AAAA.AAAA"})
  void aDamagedTokenIsRefusedWithAReason(String text) {
    assertThatThrownBy(() -> EnrollmentToken.parse(text))
        .isInstanceOf(TlsException.class)
        .hasMessageStartingWith("enrolment token:");
  }
}

package io.autoservice.controller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void aStoredHashIsSaltedArgon2idAndOnlyItsPasswordMatches() {
    String a = hasher.hash("correct horse battery");
    String b = hasher.hash("correct horse battery");

    assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct");
    assertThat(a).as("a fresh salt each time").isNotEqualTo(b);
    assertThat(hasher.verify("correct horse battery", a)).isTrue();
    assertThat(hasher.verify("correct horse batterY", a)).isFalse();
  }

  @Test
  void aTamperedOrMalformedRowVerifiesAsFalseWithoutRunning() {
    String good = hasher.hash("correct horse battery");
    // A row asking for 4 GiB of memory per check must not be run.
    String costly = good.replace("m=19456", "m=4194304");
    assertThat(hasher.verify("correct horse battery", costly)).isFalse();
    assertThat(hasher.verify("correct horse battery", good.replace("t=2", "t=99"))).isFalse();
    assertThat(hasher.verify("correct horse battery", "$2a$10$notargon")).isFalse();
    assertThat(hasher.verify("correct horse battery", null)).isFalse();
    assertThat(hasher.verify("correct horse battery", good.substring(0, good.length() - 5)))
        .isFalse();
  }
}

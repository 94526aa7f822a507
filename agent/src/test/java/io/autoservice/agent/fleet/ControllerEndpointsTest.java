package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.net.HostPort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ControllerEndpointsTest {
  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** A DNS that knows what the test says, and counts the questions. */
  private static final class Dns implements ControllerEndpoints.Resolver {
    final Map<String, List<InetAddress>> records = new java.util.HashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
      lookups.incrementAndGet();
      List<InetAddress> found = records.get(host);
      if (found == null) {
        throw new UnknownHostException(host);
      }
      return found;
    }
  }

  private static List<String> picks(ControllerEndpoints endpoints, int n) {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      seen.add(endpoints.pick().orElseThrow().socket().toString());
      endpoints.failed();
    }
    return seen;
  }

  @Test
  void shouldTryEveryAddressOfANameInTurn() {
    // given: one name with two A records
    Dns dns = new Dns();
    dns.records.put("controllers.shop.lan", List.of(ip("10.0.0.1"), ip("10.0.0.2")));
    ControllerEndpoints endpoints =
        new ControllerEndpoints(List.of(new HostPort("controllers.shop.lan", 7443)), dns);

    // then
    assertThat(picks(endpoints, 3))
        .containsExactly("/10.0.0.1:7443", "/10.0.0.2:7443", "/10.0.0.1:7443");
    assertThat(endpoints.pick().orElseThrow().address())
        .as("the TLS server name stays the configured name")
        .isEqualTo(new HostPort("controllers.shop.lan", 7443));
  }

  @Test
  void shouldResolveAgainAtEveryPick() {
    // given
    Dns dns = new Dns();
    dns.records.put("controllers.shop.lan", List.of(ip("10.0.0.1")));
    ControllerEndpoints endpoints =
        new ControllerEndpoints(List.of(new HostPort("controllers.shop.lan", 7443)), dns);
    assertThat(picks(endpoints, 1)).containsExactly("/10.0.0.1:7443");

    // when: a replica is added to the name
    dns.records.put("controllers.shop.lan", List.of(ip("10.0.0.1"), ip("10.0.0.3")));

    // then
    assertThat(picks(endpoints, 1)).containsExactly("/10.0.0.3:7443");
    assertThat(dns.lookups.get()).isEqualTo(2);
  }

  @Test
  void shouldSkipANameThatDoesNotResolveAndNeverLookUpALiteral() {
    // given
    Dns dns = new Dns();
    ControllerEndpoints endpoints =
        new ControllerEndpoints(
            List.of(
                new HostPort("gone.shop.lan", 7443),
                new HostPort("127.0.0.1", 7444),
                new HostPort("::1", 7445)),
            dns);

    // then
    assertThat(picks(endpoints, 2)).containsExactly("/127.0.0.1:7444", "/[0:0:0:0:0:0:0:1]:7445");
    assertThat(dns.lookups.get()).isEqualTo(2); // only the name, once per pick
  }

  @Test
  void shouldHaveNothingToPickWhenNoAddressResolves() {
    ControllerEndpoints endpoints =
        new ControllerEndpoints(List.of(new HostPort("gone.shop.lan", 7443)), new Dns());

    assertThat(endpoints.pick()).isEmpty();
    assertThat(endpoints.failed()).as("a failure with nothing to try is a whole round").isTrue();
  }

  @Test
  void shouldCountARoundAsOneFailurePerAddressSinceTheLastWelcome() {
    // given
    Dns dns = new Dns();
    dns.records.put("controllers.shop.lan", List.of(ip("10.0.0.1"), ip("10.0.0.2")));
    ControllerEndpoints endpoints =
        new ControllerEndpoints(
            List.of(new HostPort("controllers.shop.lan", 7443), new HostPort("10.0.0.9", 7443)),
            dns);
    endpoints.pick();

    // then: three endpoints, so the third failure in a row completes the round
    assertThat(endpoints.failed()).isFalse();
    assertThat(endpoints.failed()).isFalse();
    endpoints.welcomed();
    assertThat(endpoints.failed()).isFalse();
    assertThat(endpoints.failed()).isFalse();
    assertThat(endpoints.failed()).isTrue();
  }

  @Test
  void shouldGiveEveryAddressOfLocalhostWithTheSystemResolver() throws Exception {
    // localhost may be 127.0.0.1 alone, or also ::1: every address it has is an endpoint
    ControllerEndpoints endpoints =
        new ControllerEndpoints(
            List.of(new HostPort("localhost", 7443)), ControllerEndpoints.Resolver.SYSTEM);

    List<InetAddress> all = List.of(InetAddress.getAllByName("localhost"));
    assertThat(endpoints.resolveAll())
        .extracting(e -> e.socket().getAddress())
        .containsExactlyElementsOf(all)
        .allMatch(InetAddress::isLoopbackAddress);
    assertThat(endpoints.resolveAll())
        .extracting(ControllerEndpoints.Endpoint::address)
        .containsOnly(new HostPort("localhost", 7443));
  }
}

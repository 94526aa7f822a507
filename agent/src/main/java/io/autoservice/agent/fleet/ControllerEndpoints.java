package io.autoservice.agent.fleet;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.net.HostPort;
import io.autoservice.common.text.SafeText;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller addresses the agent was given and which one to try next. Names are resolved at
 * every pick (all their A/AAAA records, in the resolver's order), so replicas added to or removed
 * from a DNS name are seen at the next connect; each resolved address is one endpoint, tried in
 * turn.
 *
 * <p>A round is one failed attempt per endpoint since the last Welcome: the client moves on to the
 * next endpoint after each failure and backs off as it did with one address once a whole round has
 * failed. Confined to the client's stream context.
 */
public final class ControllerEndpoints {
  private static final Logger log = LoggerFactory.getLogger(ControllerEndpoints.class);

  /** Name resolution, a seam so a test can give a name several addresses. */
  @FunctionalInterface
  public interface Resolver {
    /** Every address of {@code host}. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system's resolver (with the JVM's DNS cache). */
    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
  }

  /** One address to connect to, and the configured address it came from (its TLS server name). */
  public record Endpoint(HostPort address, InetSocketAddress socket) {
    /** {@code host:port}, with the IP address it resolved to when the host is a name. */
    @Override
    public String toString() {
      String ip = socket.getAddress().getHostAddress();
      return ip.equals(address.host()) ? address.toString() : address + " (" + ip + ")";
    }
  }

  private final List<HostPort> addresses;
  private final Resolver resolver;
  private int cursor;
  private int failures;
  private int roundSize = 1;

  public ControllerEndpoints(List<HostPort> addresses, Resolver resolver) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no controller address");
    }
    this.addresses = List.copyOf(addresses);
    this.resolver = requireNonNull(resolver, "resolver");
  }

  /** The addresses as configured. */
  public List<HostPort> addresses() {
    return addresses;
  }

  /** Every endpoint the addresses resolve to now; names that do not resolve are left out. */
  public List<Endpoint> resolveAll() {
    List<Endpoint> all = new ArrayList<>();
    for (HostPort address : addresses) {
      for (InetAddress ip : resolve(address.host())) {
        all.add(new Endpoint(address, new InetSocketAddress(ip, address.port())));
      }
    }
    return all;
  }

  /** The endpoint to try now, or empty when no address resolves. */
  Optional<Endpoint> pick() {
    List<Endpoint> all = resolveAll();
    roundSize = Math.max(1, all.size());
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(cursor % all.size()));
  }

  /**
   * The attempt on the picked endpoint failed or its stream ended: the next pick is the next
   * endpoint.
   *
   * @return true when every endpoint has now failed once in this round (a new round begins)
   */
  boolean failed() {
    cursor = (cursor + 1) & Integer.MAX_VALUE; // taken modulo the endpoints at each pick
    failures++;
    if (failures >= roundSize) {
      failures = 0;
      return true;
    }
    return false;
  }

  /** The picked endpoint welcomed the agent: the round starts over from the next failure. */
  void welcomed() {
    failures = 0;
  }

  private List<InetAddress> resolve(String host) {
    try {
      if (isLiteral(host)) {
        return List.of(InetAddress.getByName(host)); // parsed, never looked up
      }
      List<InetAddress> found = resolver.resolve(host);
      if (found.isEmpty()) {
        log.warn("Controller address {} resolves to no address", SafeText.line(host));
      }
      return found;
    } catch (UnknownHostException e) {
      log.warn("Cannot resolve the controller address {}: {}", SafeText.line(host), e.toString());
      return List.of();
    }
  }

  private static boolean isLiteral(String host) {
    return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
}

package io.autoservice.bench.sim.proc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.bench.sim.FleetSnapshot;
import java.util.Locale;

/**
 * The JSON lines a simulator child process and the bench exchange over the child's stdin and
 * stdout. The parent sends numbered commands; the child sends {@code ready} once its channels are
 * built, then a {@code report} of its counters every ~100 ms and right after each command (its
 * {@code ack} is the last command done, so the parent knows a report reflects it).
 */
public final class WorkerProtocol {
  /** What the parent asks of a child. */
  public enum Verb {
    CONNECT,
    NEW_EPOCH,
    CLOSE_GATE,
    OPEN_GATE,
    STOP;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Verb ofWire(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  /** One command, numbered by the parent. */
  public record Command(Verb verb, long seq) {}

  /** What a child says. */
  public sealed interface Message permits Ready, Report {}

  /** The child's channels are built; it simulates {@code agents} agents. */
  public record Ready(int agents) implements Message {}

  /** The child's counters after every command up to {@code ack} was carried out. */
  public record Report(long ack, FleetSnapshot counters) implements Message {}

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private WorkerProtocol() {}

  public static String encode(Command c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("cmd", c.verb().wire());
    n.put("seq", c.seq());
    return n.toString();
  }

  public static Command decodeCommand(String line) {
    JsonNode n = tree(line);
    return new Command(Verb.ofWire(required(n, "cmd").asText()), required(n, "seq").asLong());
  }

  public static String encode(Message m) {
    ObjectNode n = JSON.createObjectNode();
    if (m instanceof Ready r) {
      n.put("type", "ready");
      n.put("agents", r.agents());
    } else if (m instanceof Report r) {
      n.put("type", "report");
      n.put("ack", r.ack());
      n.set("counters", JSON.valueToTree(r.counters()));
    }
    return n.toString();
  }

  public static Message decodeMessage(String line) {
    JsonNode n = tree(line);
    String type = required(n, "type").asText();
    return switch (type) {
      case "ready" -> new Ready(required(n, "agents").asInt());
      case "report" -> {
        try {
          yield new Report(
              required(n, "ack").asLong(),
              JSON.treeToValue(required(n, "counters"), FleetSnapshot.class));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("bad report counters: " + line, e);
        }
      }
      default -> throw new IllegalArgumentException("unknown message type " + type + ": " + line);
    };
  }

  private static JsonNode tree(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("not a JSON object: " + line);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + line, e);
    }
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing \"" + field + "\": " + n);
    }
    return v;
  }
}

package io.autoservice.controller.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a {@code /metrics} page over real HTTP, read as Prometheus text. */
public record Scrape(List<Sample> samples) {
  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$");

  /** One line: a series and its value. */
  public record Sample(String name, String labels, double value) {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** GETs {@code url} (with this bearer token, or none when null). */
  public static HttpResponse<String> get(String url, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Scrapes {@code http://<address>/metrics}; fails unless it answers 200. */
  public static Scrape of(String address, String token) throws IOException, InterruptedException {
    HttpResponse<String> r = get("http://" + address + "/metrics", token);
    if (r.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
    }
    return parse(r.body());
  }

  public static Scrape parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line.strip());
      if (!line.startsWith("#") && m.matches()) {
        String v = m.group(4);
        double value =
            switch (v) {
              case "+Inf" -> Double.POSITIVE_INFINITY;
              case "-Inf" -> Double.NEGATIVE_INFINITY;
              case "NaN" -> Double.NaN;
              default -> Double.parseDouble(v);
            };
        out.add(new Sample(m.group(1), m.group(3) == null ? "" : m.group(3), value));
      }
    }
    return new Scrape(List.copyOf(out));
  }

  /** The sum of the series of this name whose labels include every {@code key="value"} given. */
  public double value(String name, String... labels) {
    double sum = 0;
    boolean found = false;
    for (Sample s : samples) {
      if (s.name().equals(name) && hasAll(s.labels(), labels)) {
        sum += s.value();
        found = true;
      }
    }
    if (!found) {
      throw new AssertionError("no series " + name + " " + List.of(labels) + " in the scrape");
    }
    return sum;
  }

  /** Every series name. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  private static boolean hasAll(String labels, String... wanted) {
    for (String w : wanted) {
      if (!("," + labels + ",").contains("," + w + ",")) {
        return false;
      }
    }
    return true;
  }
}

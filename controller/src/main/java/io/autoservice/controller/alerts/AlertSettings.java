package io.autoservice.controller.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code alerts} key of the controller's settings: which rules run, their thresholds, and where
 * notifications go. Secrets (the webhook's shared secret, the SMTP password) are only ever named by
 * a file here: settings are printed by {@code controller config}.
 *
 * @param enabled false: no rule runs, nothing is raised or sent (default true)
 * @param disabledRules built-in rules switched off, by name (see {@link ReportRules#BUILT_IN})
 * @param smartWearPercent a drive's wear at or above this raises {@code smart_wear} (default 80)
 * @param diskUsedPercent a volume used at or above this raises {@code disk_space} (default 90)
 * @param offlineHours an agent silent this long raises {@code agent_offline} (default 24)
 * @param fleetCheckSeconds how often fleet rules run and missed runs are caught up (default 60)
 * @param catchUpHours finished runs this recent that were never evaluated (a restart, a full queue)
 *     are evaluated at start and by each fleet check (default 72)
 * @param customRules more task field rules, as data
 * @param notifyResolved also notify when an alert resolves (default false)
 * @param webhookUrl where alerts are POSTed as JSON (http or https); empty: no webhook
 * @param webhookSecretFile a file holding the HMAC-SHA256 key the webhook is signed with
 * @param maxAttempts tries per notification before it is given up (default 10; backoff doubles from
 *     5 s up to 10 min)
 * @param smtpHost the mail server; empty: no email
 * @param smtpPort its port (default 587)
 * @param smtpSecurity {@code starttls} (default), {@code tls} (implicit, port 465) or {@code none}
 * @param smtpUser the login, if the server wants one
 * @param smtpPasswordFile a file holding its password
 * @param smtpFrom the sender address
 * @param smtpTo the recipients
 */
public record AlertSettings(
    Boolean enabled,
    @JsonProperty("disabled_rules") List<String> disabledRules,
    @JsonProperty("smart_wear_percent") Integer smartWearPercent,
    @JsonProperty("disk_used_percent") Integer diskUsedPercent,
    @JsonProperty("offline_hours") Integer offlineHours,
    @JsonProperty("fleet_check_seconds") Integer fleetCheckSeconds,
    @JsonProperty("catch_up_hours") Integer catchUpHours,
    @JsonProperty("custom_rules") List<CustomRule> customRules,
    @JsonProperty("notify_resolved") Boolean notifyResolved,
    @JsonProperty("webhook_url") String webhookUrl,
    @JsonProperty("webhook_secret_file") Path webhookSecretFile,
    @JsonProperty("max_attempts") Integer maxAttempts,
    @JsonProperty("smtp_host") String smtpHost,
    @JsonProperty("smtp_port") Integer smtpPort,
    @JsonProperty("smtp_security") String smtpSecurity,
    @JsonProperty("smtp_user") String smtpUser,
    @JsonProperty("smtp_password_file") Path smtpPasswordFile,
    @JsonProperty("smtp_from") String smtpFrom,
    @JsonProperty("smtp_to") List<String> smtpTo) {

  /** Declared before {@link #DEFAULTS}, which the constructor builds with it. */
  private static final Set<String> SECURITY = Set.of("starttls", "tls", "none");

  /** The defaults: every built-in rule on, no notification channel. */
  public static final AlertSettings DEFAULTS =
      new AlertSettings(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null);

  /**
   * A task field rule given as data: in each item of {@code items} (an array of the task's results,
   * e.g. {@code drives}; empty: the result itself), {@code field op value} raises the alert, about
   * the item named by {@code subject_key}.
   */
  public record CustomRule(
      String name,
      @JsonProperty("task_type") String taskType,
      String items,
      @JsonProperty("subject_key") String subjectKey,
      String field,
      String op,
      String value,
      String severity,
      String message) {
    public CustomRule {
      need("name", name);
      if (!name.matches("[a-z0-9_]{1,64}")) {
        throw new IllegalArgumentException(
            "alerts.custom_rules.name: '" + name + "' (expected: 1 to 64 of a-z, 0-9, _)");
      }
      need("task_type", taskType);
      need("field", field);
      need("op", op);
      FieldCondition.Op.parse(op, "alerts.custom_rules." + name + ".op");
      value = value == null ? "" : value;
      items = items == null ? "" : items;
      subjectKey = subjectKey == null ? "" : subjectKey;
      severity = severity == null ? "warning" : severity;
      if (!severity.equals("warning") && !severity.equals("critical")) {
        throw new IllegalArgumentException(
            "alerts.custom_rules."
                + name
                + ".severity: '"
                + severity
                + "' (expected: warning or critical)");
      }
    }

    private static void need(String key, String v) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("alerts.custom_rules." + key + ": missing");
      }
    }
  }

  public AlertSettings {
    enabled = enabled == null || enabled;
    disabledRules = disabledRules == null ? List.of() : List.copyOf(disabledRules);
    for (String r : disabledRules) {
      if (!ReportRules.BUILT_IN.contains(r)) {
        throw new IllegalArgumentException(
            "alerts.disabled_rules: unknown rule '"
                + r
                + "' (expected one of "
                + String.join(", ", ReportRules.BUILT_IN)
                + ")");
      }
    }
    smartWearPercent = percent("smart_wear_percent", smartWearPercent, 80);
    diskUsedPercent = percent("disk_used_percent", diskUsedPercent, 90);
    offlineHours = positive("offline_hours", offlineHours, 24);
    fleetCheckSeconds = positive("fleet_check_seconds", fleetCheckSeconds, 60);
    catchUpHours = positive("catch_up_hours", catchUpHours, 72);
    customRules = customRules == null ? List.of() : List.copyOf(customRules);
    for (CustomRule c : customRules) {
      if (ReportRules.BUILT_IN.contains(c.name())) {
        throw new IllegalArgumentException(
            "alerts.custom_rules.name: '" + c.name() + "' is a built-in rule's name");
      }
    }
    notifyResolved = notifyResolved != null && notifyResolved;
    webhookUrl = webhookUrl == null ? "" : webhookUrl.strip();
    if (!webhookUrl.isEmpty()) {
      URI u;
      try {
        u = URI.create(webhookUrl);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("alerts.webhook_url: " + e.getMessage(), e);
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
        throw new IllegalArgumentException(
            "alerts.webhook_url: '" + webhookUrl + "' (expected: an http:// or https:// URL)");
      }
      if (webhookSecretFile == null) {
        throw new IllegalArgumentException(
            "alerts.webhook_secret_file: missing (expected: a file holding the secret the webhook"
                + " is signed with, when webhook_url is set)");
      }
    }
    maxAttempts = positive("max_attempts", maxAttempts, 10);
    smtpHost = smtpHost == null ? "" : smtpHost.strip();
    smtpPort = smtpPort == null ? 587 : smtpPort;
    if (smtpPort < 1 || smtpPort > 65535) {
      throw new IllegalArgumentException(
          "alerts.smtp_port: " + smtpPort + " (expected: 1 to 65535)");
    }
    smtpSecurity =
        smtpSecurity == null ? "starttls" : smtpSecurity.strip().toLowerCase(Locale.ROOT);
    if (!SECURITY.contains(smtpSecurity)) {
      throw new IllegalArgumentException(
          "alerts.smtp_security: '" + smtpSecurity + "' (expected: starttls, tls or none)");
    }
    smtpTo = smtpTo == null ? List.of() : List.copyOf(smtpTo);
    if (!smtpHost.isEmpty()) {
      if (smtpFrom == null || !smtpFrom.contains("@")) {
        throw new IllegalArgumentException(
            "alerts.smtp_from: '"
                + smtpFrom
                + "' (expected: a sender address when smtp_host is set)");
      }
      if (smtpTo.isEmpty() || smtpTo.stream().anyMatch(a -> a == null || !a.contains("@"))) {
        throw new IllegalArgumentException(
            "alerts.smtp_to: "
                + smtpTo
                + " (expected: one or more addresses when smtp_host is set)");
      }
      if (smtpPasswordFile != null && (smtpUser == null || smtpUser.isBlank())) {
        throw new IllegalArgumentException(
            "alerts.smtp_user: missing (expected: the login smtp_password_file is for)");
      }
    }
  }

  public boolean ruleOn(String rule) {
    return enabled && !disabledRules.contains(rule);
  }

  public boolean webhookOn() {
    return enabled && !webhookUrl.isEmpty();
  }

  public boolean emailOn() {
    return enabled && !smtpHost.isEmpty();
  }

  /** The channels notifications are queued for. */
  public List<String> channels() {
    List<String> c = new java.util.ArrayList<>();
    if (webhookOn()) {
      c.add(WebhookChannel.NAME);
    }
    if (emailOn()) {
      c.add(EmailChannel.NAME);
    }
    return List.copyOf(c);
  }

  public Duration offline() {
    return Duration.ofHours(offlineHours);
  }

  /** The webhook's key, read from its file (never logged, never printed). */
  byte[] webhookSecret() throws IOException {
    byte[] s =
        Files.readString(webhookSecretFile)
            .strip()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (s.length == 0) {
      throw new IOException("alerts.webhook_secret_file " + webhookSecretFile + " is empty");
    }
    return s;
  }

  /** The SMTP password, read from its file; null when none is configured. */
  String smtpPassword() throws IOException {
    return smtpPasswordFile == null ? null : Files.readString(smtpPasswordFile).strip();
  }

  private static int percent(String key, Integer v, int dflt) {
    int x = v == null ? dflt : v;
    if (x < 1 || x > 100) {
      throw new IllegalArgumentException("alerts." + key + ": " + x + " (expected: 1 to 100)");
    }
    return x;
  }

  private static int positive(String key, Integer v, int dflt) {
    int x = v == null ? dflt : v;
    if (x <= 0) {
      throw new IllegalArgumentException("alerts." + key + ": " + x + " (expected: > 0)");
    }
    return x;
  }
}

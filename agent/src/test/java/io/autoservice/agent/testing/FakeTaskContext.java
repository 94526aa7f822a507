package io.autoservice.agent.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.process.OutputListener;
import io.autoservice.agent.process.ProcessResult;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.process.ProcessSpec;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.TaskParams;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TaskContext} for handler tests: runs processes with a real {@link ProcessRunner} and
 * records progress, log lines and the specs it ran. {@code charsetOverride} replaces the spec's
 * charset, to act as a PC whose OEM code page is, say, IBM850.
 */
public final class FakeTaskContext implements TaskContext {
  public record Progress(double percent, String message) {}

  private final TaskParams params;
  private final ToolLocator tools;
  private final ToolCharset charsetOverride;
  private final ProcessRunner runner = new ProcessRunner();
  private final CancellationToken token = new CancellationToken();
  private final Duration remaining;
  public final List<Progress> progress = Collections.synchronizedList(new ArrayList<>());
  public final List<String> log = Collections.synchronizedList(new ArrayList<>());
  public final List<ProcessSpec> specs = new ArrayList<>();
  private final Map<String, String> extraEnv = new HashMap<>();

  public FakeTaskContext(ObjectNode params, ParamSchema schema, ToolLocator tools) {
    this(params, schema, tools, null, Duration.ofMinutes(5));
  }

  public FakeTaskContext(
      ObjectNode params,
      ParamSchema schema,
      ToolLocator tools,
      ToolCharset charsetOverride,
      Duration remaining) {
    this.params = new TaskParams(params, schema);
    this.tools = tools;
    this.charsetOverride = charsetOverride;
    this.remaining = remaining;
  }

  @Override
  public int index() {
    return 0;
  }

  @Override
  public TaskParams params() {
    return params;
  }

  @Override
  public CancellationToken cancellation() {
    return token;
  }

  @Override
  public Duration remaining() {
    return remaining;
  }

  @Override
  public void progress(double percent, String message) {
    progress.add(new Progress(percent, message));
  }

  @Override
  public void log(String line) {
    log.add(line);
  }

  @Override
  public ToolLocator tools() {
    return tools;
  }

  private final java.util.List<io.autoservice.agent.config.ConfiguredSecret> secrets =
      new java.util.ArrayList<>();
  private final Map<String, String> secretEnv = new HashMap<>();

  /**
   * A secret {@link #secretFor} answers, as the agent config would hold it: {@code name} a config
   * secret with that value, or {@code env:VAR} the agent's environment variable VAR. It is bound to
   * {@code baseUrls} (default: https://api.openai.com, where the built-in {@code
   * env:OPENAI_API_KEY} and {@code env:AUTOSERVICE_OPENAI_KEY} need no binding); returns this.
   */
  public FakeTaskContext withSecret(String name, String value, String... baseUrls) {
    java.util.List<io.autoservice.agent.config.SecretOrigin> origins = new java.util.ArrayList<>();
    for (String url : baseUrls.length == 0 ? new String[] {"https://api.openai.com"} : baseUrls) {
      origins.add(
          io.autoservice.agent.config.SecretOrigin.of(java.net.URI.create(url)).orElseThrow());
    }
    if (name.startsWith("env:")) {
      secretEnv.put(name.substring(4), value);
      if (baseUrls.length > 0) {
        secrets.add(
            new io.autoservice.agent.config.ConfiguredSecret(
                "from_env_" + name.substring(4),
                new io.autoservice.agent.config.ConfiguredSecret.Source.Env(name.substring(4)),
                origins));
      }
    } else {
      secrets.add(
          new io.autoservice.agent.config.ConfiguredSecret(
              name, new io.autoservice.agent.config.ConfiguredSecret.Source.Value(value), origins));
    }
    return this;
  }

  private io.autoservice.agent.exec.Secrets agentSecrets;

  /**
   * Answers {@link #secretFor} as the agent would with these (a loaded config and an environment).
   */
  public FakeTaskContext withSecrets(io.autoservice.agent.exec.Secrets secrets) {
    this.agentSecrets = secrets;
    return this;
  }

  @Override
  public io.autoservice.agent.tasks.SecretLookup secretFor(
      String reference, java.net.URI destination) {
    if (agentSecrets != null) {
      return agentSecrets.lookup(reference, destination);
    }
    return new io.autoservice.agent.exec.Secrets(
            io.autoservice.agent.config.AgentSecrets.of(secrets), secretEnv)
        .lookup(reference, destination);
  }

  /**
   * Environment added to every process this context starts (e.g. {@code FAKE_REPLAY_DIR} for the
   * replay tool); returns this context.
   */
  public FakeTaskContext withEnv(Map<String, String> env) {
    extraEnv.putAll(env);
    return this;
  }

  @Override
  public ProcessResult exec(ProcessSpec spec, OutputListener lines) throws IOException {
    specs.add(spec);
    ProcessSpec run = charsetOverride == null ? spec : spec.withCharset(charsetOverride);
    if (!extraEnv.isEmpty()) {
      Map<String, String> env = new HashMap<>(run.extraEnv());
      env.putAll(extraEnv);
      run = run.withEnv(env);
    }
    return runner.run(run, lines, token);
  }
}

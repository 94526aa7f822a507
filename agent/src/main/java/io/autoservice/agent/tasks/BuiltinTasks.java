package io.autoservice.agent.tasks;

import io.autoservice.agent.tasks.adwcleaner.AdwCleanerCleanHandler;
import io.autoservice.agent.tasks.ai.notifications.AiBrowserNotificationDisableHandler;
import io.autoservice.agent.tasks.ai.startup.AiStartupDisableHandler;
import io.autoservice.agent.tasks.battery.BatteryHealthReportHandler;
import io.autoservice.agent.tasks.bleachbit.BleachBitCleanHandler;
import io.autoservice.agent.tasks.disk.DiskSpaceReportHandler;
import io.autoservice.agent.tasks.diskcheck.ChkdskScanHandler;
import io.autoservice.agent.tasks.diskcheck.WinsatDiskHandler;
import io.autoservice.agent.tasks.drivecleanup.DriveCleanupHandler;
import io.autoservice.agent.tasks.furmark.FurMarkStressHandler;
import io.autoservice.agent.tasks.heavyload.HeavyLoadMode;
import io.autoservice.agent.tasks.heavyload.HeavyLoadStressHandler;
import io.autoservice.agent.tasks.hello.HelloServiceHandler;
import io.autoservice.agent.tasks.integrity.DismHealthCheckHandler;
import io.autoservice.agent.tasks.integrity.SfcScanHandler;
import io.autoservice.agent.tasks.iperf.IperfTestHandler;
import io.autoservice.agent.tasks.kvrt.KvrtScanHandler;
import io.autoservice.agent.tasks.ping.PingTestHandler;
import io.autoservice.agent.tasks.smart.SmartctlReportHandler;
import io.autoservice.agent.tasks.speedtest.SpeedtestHandler;
import io.autoservice.agent.tasks.stinger.StingerScanHandler;
import io.autoservice.agent.tasks.win11.WhyNotWin11Handler;
import io.autoservice.agent.tasks.winupdate.WindowsUpdateHandler;
import java.util.ArrayList;
import java.util.List;

/** Every task type this agent ships with. */
public final class BuiltinTasks {
  private BuiltinTasks() {}

  public static TaskRegistry registry(boolean windows) {
    List<TaskHandler> all = new ArrayList<>();
    all.add(new HelloServiceHandler());
    all.add(new DiskSpaceReportHandler(windows));
    all.add(new PingTestHandler());
    all.add(new SfcScanHandler()); // [integrity]
    all.add(new DismHealthCheckHandler()); // [integrity]
    all.add(new ChkdskScanHandler()); // [disk-bench]
    all.add(new WinsatDiskHandler()); // [disk-bench]
    all.add(new SmartctlReportHandler()); // [drives-battery]
    all.add(new BatteryHealthReportHandler(windows)); // [drives-battery]
    all.add(new IperfTestHandler()); // [network]
    all.add(new SpeedtestHandler()); // [network]
    all.add(new WindowsUpdateHandler()); // [updates-win11]
    all.add(new WhyNotWin11Handler()); // [updates-win11]
    all.add(new BleachBitCleanHandler()); // [cleanup]
    all.add(new AdwCleanerCleanHandler()); // [cleanup]
    all.add(new KvrtScanHandler()); // [security-scans]
    all.add(new StingerScanHandler()); // [security-scans]
    all.add(new DriveCleanupHandler()); // [security-scans]
    all.add(new HeavyLoadStressHandler(HeavyLoadMode.ANY)); // [stress]
    all.add(new HeavyLoadStressHandler(HeavyLoadMode.CPU)); // [stress]
    all.add(new HeavyLoadStressHandler(HeavyLoadMode.MEMORY)); // [stress]
    all.add(new HeavyLoadStressHandler(HeavyLoadMode.GPU)); // [stress]
    all.add(new FurMarkStressHandler()); // [stress]
    all.add(new AiStartupDisableHandler()); // [ai]
    all.add(new AiBrowserNotificationDisableHandler()); // [ai]
    return new TaskRegistry(all);
  }
}

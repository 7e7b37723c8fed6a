package dev.fulcrum.vrrp.it;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.vrrp.run.VrrpService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Started by {@link SchedulingIT} inside a lab namespace: loads a keepalived.conf, starts the VRRP
 * service as {@code fulcrum run} does ({@link VrrpService#fromConf}), and prints what the kernel says
 * about every thread of this JVM: {@code THREAD tid comm nice policy rt_priority} from
 * /proc/self/task/TID/stat. Then stops the service and exits.
 */
public final class SchedulingProbe {
    public static void main(String[] args) throws Exception {
        ConfResult r = KeepalivedConf.load(Path.of(args[0]), LoadOptions.defaults());
        VrrpService s = VrrpService.fromConf(r.config().orElseThrow(() -> new IllegalStateException(r.toString())),
                new SimpleMeterRegistry());
        s.start();
        Thread.sleep(1500); // the loop and receive threads promote themselves when they start running
        java.util.concurrent.CountDownLatch listed = new java.util.concurrent.CountDownLatch(1);
        Thread late = new Thread(() -> {
            try {
                listed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "probe-late");
        late.start(); // created after start(): inherits the nice value
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields 19 (nice), 40 (rt_priority), 41 (policy) of proc(5); f[0] is field 3
                    System.out.println("THREAD " + t.getFileName() + " " + comm.replace(' ', '_') + " " + f[16] + " "
                            + f[38] + " " + f[37]);
                } catch (IOException e) {
                    // thread ended
                }
            }
        }
        listed.countDown();
        late.join();
        s.stop(Duration.ofSeconds(5));
        System.out.println("PROBE DONE");
        System.out.flush();
        System.exit(0);
    }
}

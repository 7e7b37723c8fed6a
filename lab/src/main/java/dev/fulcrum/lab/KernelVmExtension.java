package dev.fulcrum.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Runs a {@link KernelTest} class where IPVS exists. Here, if the kernel has IPVS; otherwise the whole
 * class once inside the VM, after which each method replays the outcome it had there (one boot per
 * class, because a boot costs ~8 s and Java runs ~10x slower under emulation).
 */
public final class KernelVmExtension implements InvocationInterceptor {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KernelVmExtension.class);

    /** True inside the lab VM or on a host whose kernel already has IPVS loaded. */
    public static boolean kernelHasIpvs() {
        return "1".equals(System.getenv("FULCRUM_VM")) || Files.exists(Path.of("/proc/net/ip_vs"));
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic, ExtensionContext ctx) throws Throwable {
        proceedOrSkip(invocation);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic, ExtensionContext ctx) throws Throwable {
        proceedOrSkip(invocation);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic, ExtensionContext ctx) throws Throwable {
        proceedOrSkip(invocation);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic, ExtensionContext ctx) throws Throwable {
        proceedOrSkip(invocation);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic, ExtensionContext ctx) throws Throwable {
        replayOrProceed(invocation, ic, ctx);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic, ExtensionContext ctx) throws Throwable {
        replayOrProceed(invocation, ic, ctx);
    }

    private static void proceedOrSkip(Invocation<Void> invocation) throws Throwable {
        if (kernelHasIpvs()) {
            invocation.proceed();
        } else {
            invocation.skip();
        }
    }

    private static void replayOrProceed(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic, ExtensionContext ctx) throws Throwable {
        if (kernelHasIpvs()) {
            invocation.proceed();
            return;
        }
        invocation.skip();
        Class<?> testClass = ic.getTargetClass();
        VmClassRun run = ctx.getRoot().getStore(NS).getOrComputeIfAbsent(testClass.getName(), k -> VmClassRun.execute(testClass), VmClassRun.class);
        String key = InVmTestRunner.methodKey(ic.getExecutable());
        MethodOutcome o = run.outcomes().get(key);
        MethodOutcome classLevel = run.outcomes().get("<class>");
        if (o == null && classLevel != null) {
            o = classLevel;
        }
        if (o == null) {
            throw new AssertionFailedError("in the IPVS VM, " + key + " produced no result (VM exit " + run.exitCode() + ")\n" + run.transcriptTail());
        }
        switch (o.status()) {
            case SUCCESSFUL -> {
            }
            case ABORTED -> throw new TestAbortedException("aborted in the IPVS VM: " + o.detail());
            case FAILED -> throw new AssertionFailedError("failed in the IPVS VM:\n" + o.detail());
        }
    }

    /** One VM boot that ran a whole test class. */
    record VmClassRun(int exitCode, Map<String, MethodOutcome> outcomes, String transcriptTail) {
        static VmClassRun execute(Class<?> testClass) {
            Path project = LabPaths.projectDir();
            Path results = Path.of("target", "kernel-vm", testClass.getName() + ".results").toAbsolutePath();
            Path log = Path.of("target", "kernel-vm", testClass.getName() + ".log").toAbsolutePath();
            try {
                Files.createDirectories(results.getParent());
                Files.deleteIfExists(results);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long timeoutSec = Long.getLong("fulcrum.vm.timeout", 1500);
            List<String> cmd = new ArrayList<>(List.of(LabPaths.script("kernel-vm.sh").toString(),
                    "--workdir", project.toString(), "--timeout", Long.toString(timeoutSec), "--"));
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : System.getProperty("fulcrum.vm.jvmArgs", "-XX:+UseSerialGC -Xmx768m").trim().split("\\s+")) {
                if (!a.isEmpty()) {
                    cmd.add(a);
                }
            }
            System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("fulcrum.")).sorted()
                    .forEach(n -> cmd.add("-D" + n + "=" + System.getProperty(n)));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(InVmTestRunner.class.getName());
            cmd.add(testClass.getName());
            cmd.add(results.toString());
            System.out.println("[kernel-vm] running " + testClass.getName() + " inside the IPVS VM (log: " + log + ")");
            int rc;
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(timeoutSec + 60, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    rc = 124;
                } else {
                    rc = p.exitValue();
                }
                String transcript = Files.readString(log);
                System.out.println(transcript);
                Map<String, MethodOutcome> outcomes = new LinkedHashMap<>();
                if (Files.exists(results)) {
                    for (String line : Files.readAllLines(results)) {
                        if (!line.isBlank()) {
                            MethodOutcome o = MethodOutcome.parse(line);
                            outcomes.merge(o.method(), o, MethodOutcome::merge);
                        }
                    }
                }
                String tail = transcript.length() > 6000 ? transcript.substring(transcript.length() - 6000) : transcript;
                return new VmClassRun(rc, outcomes, tail);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run the kernel VM", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

}

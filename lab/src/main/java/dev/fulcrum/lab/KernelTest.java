package dev.fulcrum.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs the kernel's IPVS. On a host whose kernel has IPVS (or inside the lab VM)
 * the class runs directly; elsewhere the whole class is re-run once inside the IPVS kernel VM
 * ({@code lab/kernel-vm.sh}) and each test method reports the outcome it had there.
 *
 * <p>Kernel resources must be created in {@code @BeforeAll}/{@code @BeforeEach} or in the test bodies,
 * never in constructors or field initialisers: those still run on the host, which has no IPVS.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("kernel")
@ExtendWith(KernelVmExtension.class)
public @interface KernelTest {
}

package dev.fulcrum.conf.model;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM certificates and PKCS#8 private keys (plain or pass-phrase encrypted) with the JDK alone, so
 * the configuration check and the checkers agree on what a file holds. OpenSSL's traditional key
 * formats ({@code BEGIN RSA PRIVATE KEY} and the like) have no JDK decoder and are refused with the
 * command that converts them.
 */
final class Pem {
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "DSA", "RSASSA-PSS", "XDH"};

    private Pem() {
    }

    /** One {@code -----BEGIN label-----} block: its header lines and decoded body. */
    record Block(String label, List<String> headers, byte[] der) {
    }

    static List<Block> blocks(String text) throws GeneralSecurityException {
        List<Block> out = new ArrayList<>();
        String label = null;
        List<String> headers = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (label == null) {
                if (line.startsWith("-----BEGIN ") && line.endsWith("-----")) {
                    label = line.substring(11, line.length() - 5);
                    headers = new ArrayList<>();
                    body.setLength(0);
                }
            } else if (line.equals("-----END " + label + "-----")) {
                try {
                    out.add(new Block(label, List.copyOf(headers), Base64.getMimeDecoder().decode(body.toString())));
                } catch (IllegalArgumentException e) {
                    throw new GeneralSecurityException("bad base64 in " + label + " block");
                }
                label = null;
            } else if (line.contains(":")) {
                headers.add(line);
            } else {
                body.append(line);
            }
        }
        if (label != null) {
            throw new GeneralSecurityException("no END line for " + label + " block");
        }
        return out;
    }

    static List<X509Certificate> certificates(String text) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Block b : blocks(text)) {
            if (b.label().equals("CERTIFICATE") || b.label().equals("TRUSTED CERTIFICATE")) {
                for (Certificate c : cf.generateCertificates(new ByteArrayInputStream(b.der()))) {
                    out.add((X509Certificate) c);
                }
            }
        }
        if (out.isEmpty()) {
            throw new CertificateException("no PEM CERTIFICATE in the file");
        }
        return out;
    }

    static PrivateKey privateKey(String text, Optional<String> password) throws GeneralSecurityException {
        for (Block b : blocks(text)) {
            switch (b.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der());
                }
                case "ENCRYPTED PRIVATE KEY" -> {
                    if (password.isEmpty()) {
                        throw new GeneralSecurityException("the key is encrypted and the SSL block has no password");
                    }
                    return pkcs8(decrypt(b.der(), password.get()));
                }
                default -> {
                    if (b.label().endsWith(" PRIVATE KEY")) {
                        throw new GeneralSecurityException("traditional '" + b.label() + "' format is not supported;"
                                + " convert it with 'openssl pkcs8 -topk8' (add -nocrypt for no pass phrase)");
                    }
                }
            }
        }
        throw new GeneralSecurityException("no PEM PRIVATE KEY in the file");
    }

    private static byte[] decrypt(byte[] der, String password) throws GeneralSecurityException {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("bad ENCRYPTED PRIVATE KEY: " + e.getMessage());
        }
        AlgorithmParameters params = info.getAlgParameters();
        // PBES2 names its real cipher in the parameters (PBEWithHmacSHA256AndAES_256 and the like)
        String alg = info.getAlgName().equals("PBES2") || info.getAlgName().equals("1.2.840.113549.1.5.13")
                ? String.valueOf(params) : info.getAlgName();
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance(alg);
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray());
            Cipher c = Cipher.getInstance(alg);
            c.init(Cipher.DECRYPT_MODE, f.generateSecret(spec), params);
            spec.clearPassword();
            return info.getKeySpec(c).getEncoded();
        } catch (InvalidKeySpecException e) {
            throw new GeneralSecurityException("cannot decrypt the key (wrong password?)");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new GeneralSecurityException("key encryption " + alg + " is not supported");
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String a : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(a).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // next algorithm
            }
        }
        throw new GeneralSecurityException("not a PKCS#8 key of a supported algorithm (" + String.join(", ", KEY_ALGORITHMS) + ")");
    }

    /** Signs and verifies a few bytes: throws unless {@code key} is the private half of {@code cert}'s key. */
    static void checkPair(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (alg == null) {
            return;
        }
        byte[] probe = "fulcrum key check".getBytes(StandardCharsets.US_ASCII);
        boolean ok;
        try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            ok = v.verify(sig);
        } catch (java.security.InvalidKeyException | java.security.SignatureException e) {
            ok = false;
        }
        if (!ok) {
            throw new GeneralSecurityException("the key does not match the certificate (" + cert.getSubjectX500Principal().getName() + ")");
        }
    }
}

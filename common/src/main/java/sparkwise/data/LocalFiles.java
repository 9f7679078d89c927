package sparkwise.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) with permissions read and set through Java NIO.
 * Without Hadoop's native library (not on Maven Central, so not here), {@code RawLocalFileSystem}
 * starts an {@code ls -ld} process to read a file's permissions whenever a listing is located or a
 * status is asked for, and a {@code chmod} process for every file and folder it creates: 2,365
 * processes of about 10 ms each while saving the demo's model three times. Everything else is
 * Hadoop's own, checksums included; set as {@code fs.file.impl}.
 */
public final class LocalFiles extends LocalFileSystem {
  public LocalFiles() {
    super(new Raw());
  }

  /** The raw local file system, its permissions through NIO where the platform has POSIX attributes. */
  public static final class Raw extends RawLocalFileSystem {
    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      FileStatus s = withPermissions(super.getFileStatus(f));
      if (s == null) {
        throw new java.io.FileNotFoundException("File " + f + " does not exist");
      }
      return s;
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      // A file can go between the listing and its attributes (a concurrent writer renaming its
      // temporary file): left out, as Hadoop's own listing leaves out what it can no longer see.
      return java.util.Arrays.stream(super.listStatus(f)).map(this::withPermissionsOrNull)
          .filter(java.util.Objects::nonNull).toArray(FileStatus[]::new);
    }

    private FileStatus withPermissionsOrNull(FileStatus s) {
      try {
        return withPermissions(s);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission);
      }
    }

    /** {@code s} with its permissions, owner and group, or null when the file is gone. */
    FileStatus withPermissions(FileStatus s) throws IOException {
      PosixFileAttributes a;
      try {
        a = Files.readAttributes(pathToFile(s.getPath()).toPath(), PosixFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException e) {
        return s; // not POSIX: Hadoop's own way
      } catch (java.nio.file.NoSuchFileException e) {
        return null; // gone since it was listed
      }
      return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(),
          s.getModificationTime(), s.getAccessTime(), hadoop(a.permissions()), a.owner().getName(),
          a.group().getName(), s.isSymlink() ? s.getSymlink() : null, s.getPath());
    }

    private static Set<PosixFilePermission> posix(FsPermission p) {
      Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
      add(out, p.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
      add(out, p.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE);
      add(out, p.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);
      return out;
    }

    private static void add(Set<PosixFilePermission> out, FsAction a, PosixFilePermission r, PosixFilePermission w,
        PosixFilePermission x) {
      if (a.implies(FsAction.READ)) {
        out.add(r);
      }
      if (a.implies(FsAction.WRITE)) {
        out.add(w);
      }
      if (a.implies(FsAction.EXECUTE)) {
        out.add(x);
      }
    }

    private static FsPermission hadoop(Set<PosixFilePermission> p) {
      return new FsPermission(action(p, PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE), action(p, PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE), action(p,
          PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
    }

    private static FsAction action(Set<PosixFilePermission> p, PosixFilePermission r, PosixFilePermission w,
        PosixFilePermission x) {
      FsAction a = FsAction.NONE;
      if (p.contains(r)) {
        a = a.or(FsAction.READ);
      }
      if (p.contains(w)) {
        a = a.or(FsAction.WRITE);
      }
      if (p.contains(x)) {
        a = a.or(FsAction.EXECUTE);
      }
      return a;
    }
  }
}

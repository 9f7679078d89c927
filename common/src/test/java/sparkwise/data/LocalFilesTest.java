package sparkwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkwise.testing.SharedSpark;

/**
 * The local file system reads and sets permissions itself (Hadoop's starts an {@code ls} or a
 * {@code chmod} process for each): the statuses it lists carry the file's real permissions, owner
 * and group, checksums still work, and the test session's Delta tables and models sit on it.
 */
class LocalFilesTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void statusesCarryTheFilesOwnPermissionsWithoutHadoopsShellLookups() throws Exception {
    FileSystem fs = localFiles();
    assertTrue(fs instanceof LocalFiles, fs.getClass().getName());

    Path file = new Path(dir.toUri().toString(), "a/b.txt");
    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20,
        null)) {
      out.writeBytes("hello\n");
    }
    java.nio.file.Path local = dir.resolve("a/b.txt");
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(local)),
        "set through NIO as asked");
    assertTrue(Files.exists(dir.resolve("a/.b.txt.crc")), "Hadoop's checksum beside it");

    fs.setPermission(file, new FsPermission((short) 0604));
    FileStatus s = fs.getFileStatus(file);
    // A plain FileStatus: Hadoop's own raw status looks its permissions up with a process.
    assertSame(FileStatus.class, s.getClass());
    assertEquals("rw----r--", s.getPermission().toString().substring(0, 9));
    assertEquals(Files.getOwner(local).getName(), s.getOwner());
    assertEquals(6, s.getLen());

    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new Path(dir.toUri().toString()), true);
    LocatedFileStatus listed = it.next();
    assertEquals("b.txt", listed.getPath().getName());
    assertEquals(s.getPermission(), listed.getPermission());
    assertTrue(!it.hasNext(), "the checksum file is not listed");
    try (var in = fs.open(file)) {
      assertEquals("hello\n", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void aFileGoneBeforeItsStatusIsNotFoundNotAnError() throws Exception {
    FileSystem fs = localFiles();
    Path gone = new Path(dir.toUri().toString(), "gone.txt");
    assertThrows(java.io.FileNotFoundException.class, () -> fs.getFileStatus(gone));
    // Between the raw listing and the attributes (a concurrent writer renamed its temporary file):
    // Hadoop's raw status of a file deleted right after it was listed.
    LocalFiles.Raw raw = (LocalFiles.Raw) ((LocalFiles) fs).getRawFileSystem();
    Files.writeString(dir.resolve("soon-gone.txt"), "x");
    FileStatus listed = new org.apache.hadoop.fs.RawLocalFileSystem().getFileStatus(
        new Path(dir.resolve("soon-gone.txt").toUri().toString()));
    Files.delete(dir.resolve("soon-gone.txt"));
    assertNull(raw.withPermissions(listed), "left out of the listing");
  }

  /** A fresh LocalFiles instance, outside Hadoop's cache of file systems. */
  private static FileSystem localFiles() throws java.io.IOException {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", LocalFiles.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return FileSystem.get(java.net.URI.create("file:///"), conf);
  }

  @Test
  void theTestSessionsFilesAreLocalFiles() throws Exception {
    FileSystem fs = new Path(dir.toUri().toString())
        .getFileSystem(SharedSpark.session().sparkContext().hadoopConfiguration());
    assertTrue(fs instanceof LocalFiles, fs.getClass().getName());
  }
}

/*
 * A VBoxHeadless launcher that starts the real headless front end in driverless mode.
 *
 * The stock /usr/lib/virtualbox/VBoxHeadless is a small hardened launcher that insists on
 * /dev/vboxdrv, which cannot exist here (no kernel module can be loaded). The front end itself is
 * VBoxHeadless.so, exporting TrustedMain(argc, argv, envp). This launcher initialises the runtime
 * the way the hardened launcher would, but asks the support library for driverless mode with the
 * instruction emulator (IEM) allowed, then hands over to TrustedMain. Everything after that —
 * VBoxSVC, the session, the console, the devices, the NAT engine — is the real VirtualBox.
 *
 * The flag values come from VirtualBox's public headers (iprt/initterm.h, VBox/sup.h).
 * The VM also needs the extradata VBoxInternal/HM/FallbackToIEM=1 (set by the real-host script
 * for every test home): this build has no native-API back end on x86.
 */
#include <dlfcn.h>
#include <stdio.h>

#define RTR3INIT_FLAGS_TRY_SUPLIB (1u << 17)
#define RTR3INIT_FLAGS_SUPLIB_SHIFT 18
#define SUPR3INIT_F_UNRESTRICTED (1u << 0)
#define SUPR3INIT_F_DRIVERLESS (1u << 2)
#define SUPR3INIT_F_DRIVERLESS_IEM_ALLOWED (1u << 3)

#ifndef VBOX_LIB_DIR
#define VBOX_LIB_DIR "/usr/lib/virtualbox"
#endif

typedef int (*init_exe_fn)(int, char ***, unsigned);
typedef int (*trusted_main_fn)(int, char **, char **);

static void *open_lib(const char *name) {
  void *lib = dlopen(name, RTLD_NOW | RTLD_GLOBAL);
  if (!lib) fprintf(stderr, "VBoxHeadless (driverless): %s\n", dlerror());
  return lib;
}

int main(int argc, char **argv, char **envp) {
  void *rt = open_lib(VBOX_LIB_DIR "/VBoxRT.so");
  if (!rt) return 1;
  init_exe_fn init_exe = (init_exe_fn)dlsym(rt, "RTR3InitExe");
  if (!init_exe) {
    fprintf(stderr, "VBoxHeadless (driverless): RTR3InitExe not found in VBoxRT.so\n");
    return 1;
  }
  unsigned sup = SUPR3INIT_F_UNRESTRICTED | SUPR3INIT_F_DRIVERLESS | SUPR3INIT_F_DRIVERLESS_IEM_ALLOWED;
  int rc = init_exe(argc, &argv, RTR3INIT_FLAGS_TRY_SUPLIB | (sup << RTR3INIT_FLAGS_SUPLIB_SHIFT));
  if (rc < 0) {
    fprintf(stderr, "VBoxHeadless (driverless): RTR3InitExe failed with %d\n", rc);
    return 1;
  }
  void *fe = open_lib(VBOX_LIB_DIR "/VBoxHeadless.so");
  if (!fe) return 1;
  trusted_main_fn trusted_main = (trusted_main_fn)dlsym(fe, "TrustedMain");
  if (!trusted_main) {
    fprintf(stderr, "VBoxHeadless (driverless): TrustedMain not found in VBoxHeadless.so\n");
    return 1;
  }
  return trusted_main(argc, argv, envp);
}

// Debian's libglpk-dev ships no pkg-config file; this header is the whole bridge.
#include <glpk.h>

"""matplotlib backend for cells: Agg drawing, and ``plt.show()`` puts each
open figure under the cell as a PNG (instead of warning that Agg cannot show).
Selected in the worker with MPLBACKEND=module://cellrunner.mpl_backend."""

from matplotlib.backend_bases import _Backend
from matplotlib.backends.backend_agg import _BackendAgg


@_Backend.export
class _BackendCell(_BackendAgg):
    @staticmethod
    def show(*args, **kwargs):
        import cellrunner
        cellrunner.show_figures()

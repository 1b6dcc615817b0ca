

def test_one_no_grad_object_entered_inside_itself_restores_recording():
    from autograd_core import is_grad_enabled, no_grad
    block = no_grad()
    with block:
        with block:
            pass
        assert not is_grad_enabled()
    assert is_grad_enabled()
    # the thread's own flag too, which operations ask while another thread is in no_grad()
    from autograd_core.core.grad_mode import GradMode
    assert GradMode._flag.enabled

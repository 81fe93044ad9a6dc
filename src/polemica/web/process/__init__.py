"""Questions, their phases, typed contributions (the argument graph), facts and reviews."""

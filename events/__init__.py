"""Events of contact points: trainings, meetups, series and registrations."""

package org.retrowalk.cds.app;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The patient handout's words, in plain language (short sentences, everyday words, "you"). English is written here;
 * other languages are files beside it, {@code messages/handout_<language>.properties} with the same keys (Spanish
 * today). A missing key in a translation falls back to these words; a new language is a new file and one entry in
 * {@link HandoutPage#LANGUAGES}.
 */
@MessageBundle(value = "handout", locale = "en")
public interface HandoutMessages {

    @Message("Your backward walking programme")
    String title();

    @Message("For your knee osteoarthritis, as well as your other exercises")
    String subtitle();

    @Message("Name:")
    String name();

    @Message("Date:")
    String date();

    @Message("Your physiotherapist:")
    String physiotherapist();

    @Message("Why backward walking?")
    String whyTitle();

    @Message("Walking backwards can ease knee pain and make everyday activities easier when it is added to your usual knee exercises. It does not replace them: keep doing your strengthening and walking exercises too.")
    String why();

    @Message("Your dose")
    String doseTitle();

    @Message("Warm up first: walk forwards for 5 to 10 minutes.")
    String warmUp();

    @Message("Then walk backwards for {minutes} minutes.")
    String minutes(int minutes);

    @Message("Do this {sessions} times a week, for {weeks} weeks.")
    String sessions(int sessions, int weeks);

    @Message("Walk at a comfortable speed.")
    String speedComfortable();

    @Message("Walk slowly, at a speed where you feel steady.")
    String speedSlow();

    @Message("Getting further")
    String progressionTitle();

    @Message("When the walk feels easy and your knee is no worse the next morning, add a few minutes, up to {max} minutes. Only after that, walk a little faster. Your physiotherapist will tell you when.")
    String progression(int max);

    @Message("Staying safe")
    String safetyTitle();

    @Message("Use a treadmill and hold both handrails the whole time.")
    String treadmill();

    @Message("Clip the safety stop cord to your clothes before you start.")
    String safetyStop();

    @Message("Do your first sessions with your physiotherapist.")
    String supervisedFirst();

    @Message("Always walk backwards with your physiotherapist or a trained helper beside you.")
    String supervisedAlways();

    @Message("Wear supportive, closed shoes with a good grip.")
    String shoes();

    @Message("Walk backwards only on the treadmill, never on the floor or outdoors.")
    String treadmillOnly();

    @Message("Do not practise walking backwards alone at home.")
    String notAlone();

    @Message("At home, only once your physiotherapist says you are ready: walk beside a wall or kitchen counter you can hold, on a clear, level path with no rugs or clutter, with someone close by.")
    String home();

    @Message("Ask your doctor or pharmacist to review your medicines: some can make you dizzy or unsteady.")
    String medicines();

    @Message("When to stop")
    String stopTitle();

    @Message("Some knee pain while you exercise is fine if it stays at 5 out of 10 or lower.")
    String painLimit();

    @Message("Stop if the pain goes above 5 out of 10, or if it is not back to your usual level by the next morning. Next time, walk for less time.")
    String painStop();

    @Message("Stop and call your physiotherapist if your knee swells, gives way, or you feel dizzy or unsteady.")
    String stopCall();

    @Message("If you fall")
    String fallTitle();

    @Message("Stay still for a moment. Check whether you are hurt.")
    String fallStill();

    @Message("If you are hurt, or cannot get up, call for help: the emergency number if you need it.")
    String fallHelp();

    @Message("If you are not hurt: roll onto your side, get onto your hands and knees, crawl to a sturdy chair and get up slowly.")
    String fallGetUp();

    @Message("Do not walk backwards again until you have told your physiotherapist or doctor about the fall, even if you were not hurt.")
    String fallTell();

    @Message("Questions? Call:")
    String questions();

    @Message("A person walking backwards on a treadmill, holding both handrails, with the safety stop cord clipped on")
    String drawingTreadmill();

    @Message("A person walking backwards beside a kitchen counter, one hand on it, with a helper close by")
    String drawingCounter();

    @Message("A stop sign: stop when the pain is above 5 out of 10")
    String drawingStop();

    @Message("Print")
    String print();

    @Message("Language")
    String language();
}
